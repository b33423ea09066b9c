// npm run routes:doc — writes docs/routes.md, the index of every URL and the file that owns it.
import { writeFileSync } from "node:fs";
import { app } from "../src/index";
import { routeIndex, routesMarkdown, withApiRoutes } from "./lib/route-index";

const routes = withApiRoutes(routeIndex(), app.routes);
writeFileSync("docs/routes.md", routesMarkdown(routes));
console.log(`docs/routes.md: ${routes.length} routes`);
