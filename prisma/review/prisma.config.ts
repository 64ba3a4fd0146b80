import { contextPrismaConfig } from "../prisma-config.ts";

export default contextPrismaConfig("review");
