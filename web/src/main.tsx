import { createRoot } from "react-dom/client";
import { App } from "./app";
import "./styles.css";

// No <StrictMode>: this build double-runs effects under it, which doubled every API request on page load.
const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
