/** The HTTP server: Segment-compatible ingestion, the management API under /api, health and metrics. */
export { type AppContext, createApp } from "./app.js";
export { errorResponse } from "./http-errors.js";
export { Metrics } from "./metrics.js";
export { insightsRoutes } from "./routes/insights-routes.js";
export { readServerFile, removeServerFile, SERVER_FILE, type ServerInfo, writeServerFile } from "./server-file.js";
export { type RunningServer, type ServerOptions, startServer } from "./start-server.js";
export { defaultWebRoot, webRoutes } from "./web-routes.js";
