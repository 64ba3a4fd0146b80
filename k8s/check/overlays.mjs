/** What each environment (k8s/overlays/<name>) must satisfy beyond the common rules. */
export const OVERLAYS = {
  dev: { streamReplicas: 1 },
  prod: {
    // Created outside git (k8s/README.md, "Secrets"); referenced, never rendered.
    externalSecrets: ["airbnb-auth", "airbnb-postgres", "airbnb-pg-owner"],
    hpa: { router: [2, 10], reservation: [2, 10], payment: [2, 10] },
    streamReplicas: 3,
  },
};
