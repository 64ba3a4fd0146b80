import { BookingsPerMinute, renderChart } from "./bookings-chart.ts";
import { count, won } from "./format.ts";
import type { BoardTotals } from "./graphql.ts";

/** The header strip: the board's totals, and bookings per minute over the last hour. */
export class TotalsStrip {
  private readonly bookings = new BookingsPerMinute();
  private readonly fields: Record<"roomsListed" | "staysConfirmed" | "revenue" | "mileagePointsIssued" | "bookingsToday", HTMLElement>;
  private readonly chart: HTMLElement;

  constructor(private readonly section: HTMLElement) {
    const $ = (id: string) => section.querySelector<HTMLElement>(`#${id}`)!;
    this.fields = {
      roomsListed: $("total-rooms-listed"),
      staysConfirmed: $("total-stays"),
      revenue: $("total-revenue"),
      mileagePointsIssued: $("total-mileage"),
      bookingsToday: $("total-today"),
    };
    this.chart = $("chart");
    renderChart(this.chart, this.bookings.series());
  }

  show(totals: BoardTotals) {
    this.fields.roomsListed.textContent = count(totals.roomsListed);
    this.fields.staysConfirmed.textContent = count(totals.staysConfirmed);
    this.fields.revenue.textContent = won(totals.revenue);
    this.fields.mileagePointsIssued.textContent = count(totals.mileagePointsIssued);
    this.fields.bookingsToday.textContent = count(totals.bookingsToday);
    this.section.removeAttribute("aria-busy");
    this.bookings.observe(totals.bookingsToday);
    renderChart(this.chart, this.bookings.series());
  }
}
