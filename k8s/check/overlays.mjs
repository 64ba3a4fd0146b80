/** What each environment (k8s/overlays/<name>) must satisfy beyond the common rules. */
export const OVERLAYS = {
  dev: { streamReplicas: 1 },
  prod: {
    // Created outside git (k8s/README.md, "Secrets"); referenced, never rendered. The
    // CloudNativePG operator creates airbnb-pg-ca.
    externalSecrets: [
      "airbnb-auth",
      "airbnb-postgres",
      "airbnb-pg-ca",
      "airbnb-pg-backup-s3",
      "airbnb-api-tls",
      "airbnb-nats",
      "airbnb-nats-tls",
      ...["room", "reservation", "payment", "mileage", "review", "message", "viewpage"].flatMap((c) => [`airbnb-pg-${c}`, `airbnb-pg-${c}-owner`]),
    ],
    hpa: { router: [2, 10], reservation: [2, 10], payment: [2, 10] },
    streamReplicas: 3,
    production: true,
  },
};
