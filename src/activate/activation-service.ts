import type { Store } from "../store/index.js";
import { type ResyncResult, resyncDestination } from "./audience-sync.js";
import { type Clock, systemClock } from "./clock.js";
import { ConsentRepo } from "./consent-repo.js";
import { DeliveryWorker, type WorkerOptions } from "./delivery-worker.js";
import { DestinationRepo } from "./destination-repo.js";
import { OutboxAdmin } from "./outbox-admin.js";
import { RuleRepo } from "./rule-repo.js";

/** Everything activation offers the server and the CLI, over one store. */
export class ActivationService {
  readonly destinations: DestinationRepo;
  readonly rules: RuleRepo;
  readonly consent: ConsentRepo;
  readonly outbox: OutboxAdmin;
  constructor(
    readonly store: Store,
    readonly now: Clock = systemClock,
  ) {
    this.destinations = new DestinationRepo(store, now);
    this.rules = new RuleRepo(store, now);
    this.consent = new ConsentRepo(store, now);
    this.outbox = new OutboxAdmin(store, now);
  }

  resync(destinationId: string, full = false): Promise<ResyncResult> {
    return resyncDestination(this.store, this.destinations, this.now, destinationId, full);
  }

  createWorker(opts: Omit<WorkerOptions, "now"> = {}): DeliveryWorker {
    return new DeliveryWorker(this.store, { ...opts, now: this.now });
  }
}
