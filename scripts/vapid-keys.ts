// npm run vapid:keys — prints a fresh VAPID key pair for Web Push and how to install it (issue 18).
import { generateVapidKeys } from "./lib/vapid";

const { publicKey, privateKey } = await generateVapidKeys();
console.log(`VAPID_PUBLIC_KEY=${publicKey}`);
console.log(`VAPID_PRIVATE_KEY=${privateKey}`);
console.log("\nProduction: put VAPID_PUBLIC_KEY in wrangler.toml [vars] and the private key as a secret:");
console.log("  npx wrangler secret put VAPID_PRIVATE_KEY");
console.log("Locally: put both in .dev.vars (not committed).");
