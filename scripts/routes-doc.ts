// npm run routes:doc — writes docs/routes.md, the index of every URL and the file that owns it.
import { writeFileSync } from "node:fs";
import { routeIndex, routesMarkdown } from "./lib/route-index";

const routes = routeIndex();
writeFileSync("docs/routes.md", routesMarkdown(routes));
console.log(`docs/routes.md: ${routes.length} routes`);
