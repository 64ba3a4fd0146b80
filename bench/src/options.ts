/** The command line: `npm run bench [-- --quick] [-- --only=composed,hive,...] [-- --profile[=router,message,...]]`. */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];

const quick = flag("quick");
const only = option("only")?.split(",");

export const options = {
  quick,
  /** Scenario keys to run (`--only=`); every scenario when absent. */
  only,
  /** Processes run under a CPU profiler: `--profile` the router, `--profile=router,message` those named. */
  profile: option("profile")?.split(",") ?? (flag("profile") ? ["router"] : []),
  durationSeconds: Number(option("duration") ?? (quick ? 5 : 20)),
  warmupSeconds: quick ? 2 : 5,
  connections: Number(option("connections") ?? 50),
  /** Bookings followed from event to board and push, per write scenario. */
  tracked: Number(option("tracked") ?? 200),
  /** Live roomChanged subscriptions held open during the saturating write load (tracked ones included). */
  subscribers: Number(option("subscribers") ?? 1000),
};
export type Options = typeof options;
