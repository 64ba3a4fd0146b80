/** The composed read every gateway is measured with: one room with every subgraph's part. */
export const ROOM_QUERY = `query BenchRoom($id: ID!) {
  room(id: $id) {
    id name city pricePerNight capacity status
    reservations { id status amount checkIn checkOut payment { id status amount } mileage { points kind } }
    reviews(first: 5) { id rating comment }
    reviewCount averageRating
    board { lastReservationStatus lastPaymentStatus confirmedReservations mileagePointsIssued reviewCount updatedAt }
  }
}`;

/** The n-th request of a load: the seeded read rooms in turn. */
export const roomRequest = (rooms: string[], token: string | undefined) => (n: number) => ({
  body: JSON.stringify({ query: ROOM_QUERY, variables: { id: rooms[n % rooms.length] } }),
  headers: (token ? { authorization: `Bearer ${token}` } : {}) as Record<string, string>,
});
