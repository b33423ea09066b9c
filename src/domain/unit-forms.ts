// The unit search form (/units?q=): a name or code, at most 100 characters.
import { z } from "zod";

export const unitSearchSchema = z.string().max(100);
