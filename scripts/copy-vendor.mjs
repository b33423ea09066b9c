// Copies htmx from node_modules into public/vendor so the app serves it itself (never a CDN).
import { copyFileSync, mkdirSync, existsSync } from "node:fs";

const source = "node_modules/htmx.org/dist/htmx.min.js";
if (existsSync(source)) {
  mkdirSync("public/vendor", { recursive: true });
  copyFileSync(source, "public/vendor/htmx.min.js");
}
