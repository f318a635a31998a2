export const app = "acme";
