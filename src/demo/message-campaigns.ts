import { SHOP_URL } from "./payloads.js";

/**
 * The shop's outbound messaging calendar: an e-mail every 14 days, a push notification every 21 days and an SMS
 * every 30 days, sent to everyone opted in to that channel (and identified) at send time.
 */
export type MessageChannel = "email" | "sms" | "push";

export interface MessageCampaign {
  channel: MessageChannel;
  id: string;
  /** Send instant (epoch ms); each recipient gets it within ten minutes after. */
  at: number;
  sent: string;
  opened: string;
  clicked: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const SCHEDULE: readonly { channel: MessageChannel; firstDay: number; everyDays: number; hourUtc: number }[] = [
  { channel: "email", firstDay: 2, everyDays: 14, hourUtc: 14 },
  { channel: "push", firstDay: 5, everyDays: 21, hourUtc: 17 },
  { channel: "sms", firstDay: 10, everyDays: 30, hourUtc: 16 },
];

const THEMES = ["newsletter", "new_arrivals", "sale", "recommendations"];

export function messageCampaigns(start: number, end: number): MessageCampaign[] {
  const out: MessageCampaign[] = [];
  for (const s of SCHEDULE) {
    for (let k = 0; ; k++) {
      const at = start + (s.firstDay + k * s.everyDays) * DAY + s.hourUtc * HOUR;
      if (at >= end) break;
      const id = `${s.channel}-${new Date(at).toISOString().slice(0, 10)}`;
      const campaign = THEMES[k % THEMES.length] ?? "newsletter";
      const base = { channel: s.channel, campaign_id: id, campaign };
      out.push({
        channel: s.channel,
        id,
        at,
        sent: JSON.stringify(base),
        opened: JSON.stringify(base),
        clicked: JSON.stringify({ ...base, url: `${SHOP_URL}/deals?utm_campaign=${id}` }),
      });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
