import { TesseraError } from "../../model/index.js";
import type { DestinationFactory } from "../destination-adapter.js";
import { fileExportFactory } from "./file/file-export-destination.js";
import { postgresFactory } from "./postgres/postgres-destination.js";
import { segmentForwardFactory } from "./segment/segment-forward-destination.js";
import { webhookFactory } from "./webhook/webhook-destination.js";

/** Every destination kind, one folder each. */
export const DESTINATION_KINDS: Record<string, DestinationFactory> = {
  webhook: webhookFactory,
  segment: segmentForwardFactory,
  file: fileExportFactory,
  postgres: postgresFactory,
};

export function factoryOf(kind: string): DestinationFactory {
  const f = DESTINATION_KINDS[kind];
  if (!f) {
    throw new TesseraError({
      code: "unknown_destination_kind",
      path: ["kind"],
      message: `unknown destination kind "${kind}"; one of ${Object.keys(DESTINATION_KINDS).join(", ")}`,
    });
  }
  return f;
}
