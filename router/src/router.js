"use strict";
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
var __generator = (this && this.__generator) || function (thisArg, body) {
    var _ = { label: 0, sent: function() { if (t[0] & 1) throw t[1]; return t[1]; }, trys: [], ops: [] }, f, y, t, g = Object.create((typeof Iterator === "function" ? Iterator : Object).prototype);
    return g.next = verb(0), g["throw"] = verb(1), g["return"] = verb(2), typeof Symbol === "function" && (g[Symbol.iterator] = function() { return this; }), g;
    function verb(n) { return function (v) { return step([n, v]); }; }
    function step(op) {
        if (f) throw new TypeError("Generator is already executing.");
        while (g && (g = 0, op[0] && (_ = 0)), _) try {
            if (f = 1, y && (t = op[0] & 2 ? y["return"] : op[0] ? y["throw"] || ((t = y["return"]) && t.call(y), 0) : y.next) && !(t = t.call(y, op[1])).done) return t;
            if (y = 0, t) op = [op[0] & 2, t.value];
            switch (op[0]) {
                case 0: case 1: t = op; break;
                case 4: _.label++; return { value: op[1], done: false };
                case 5: _.label++; y = op[1]; op = [0]; continue;
                case 7: op = _.ops.pop(); _.trys.pop(); continue;
                default:
                    if (!(t = _.trys, t = t.length > 0 && t[t.length - 1]) && (op[0] === 6 || op[0] === 2)) { _ = 0; continue; }
                    if (op[0] === 3 && (!t || (op[1] > t[0] && op[1] < t[3]))) { _.label = op[1]; break; }
                    if (op[0] === 6 && _.label < t[1]) { _.label = t[1]; t = op; break; }
                    if (t && _.label < t[2]) { _.label = t[2]; _.ops.push(op); break; }
                    if (t[2]) _.ops.pop();
                    _.trys.pop(); continue;
            }
            op = body.call(thisArg, _);
        } catch (e) { op = [6, e]; y = 0; } finally { f = t = 0; }
        if (op[0] & 5) throw op[1]; return { value: op[0] ? op[1] : void 0, done: true };
    }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.startRouter = startRouter;
var node_http_1 = require("node:http");
var gateway_1 = require("@apollo/gateway");
var server_1 = require("@apollo/server");
var disabled_1 = require("@apollo/server/plugin/disabled");
var default_1 = require("@apollo/server/plugin/landingPage/default");
var config_1 = require("@airbnb/config");
var identity_1 = require("@airbnb/identity");
var nats_1 = require("@airbnb/nats");
var observability_1 = require("@airbnb/observability");
var service_1 = require("@airbnb/service");
var config_ts_1 = require("./config.ts");
var metrics_ts_1 = require("./metrics.ts");
var router_context_ts_1 = require("./router-context.ts");
var subgraph_data_source_ts_1 = require("./subgraph-data-source.ts");
var supergraph_ts_1 = require("./supergraph.ts");
function startRouter() {
    return __awaiter(this, arguments, void 0, function (env) {
        var config, logger, production, contexts, gateway, registry, apollo, bus, buildContext, accepting, handle, server, port, url;
        var _this = this;
        if (env === void 0) { env = process.env; }
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0:
                    config = (0, config_1.loadConfig)(config_ts_1.routerConfigSchema, env);
                    logger = (0, observability_1.createLogger)("router", config.LOG_LEVEL);
                    production = config.NODE_ENV === "production";
                    contexts = (0, supergraph_ts_1.subgraphsToCompose)(config.SUBGRAPHS);
                    gateway = new gateway_1.ApolloGateway({
                        supergraphSdl: (0, supergraph_ts_1.composeSupergraph)(contexts, env),
                        buildService: function (_a) {
                            var url = _a.url;
                            return new subgraph_data_source_ts_1.SubgraphDataSource({ url: url });
                        },
                    });
                    registry = (0, observability_1.createMetricsRegistry)("router");
                    apollo = new server_1.ApolloServer({
                        gateway: gateway,
                        introspection: !production,
                        hideSchemaDetailsFromClientErrors: production,
                        includeStacktraceInErrorResponses: false,
                        formatError: (0, service_1.errorFormatter)(logger),
                        plugins: [
                            production ? (0, disabled_1.ApolloServerPluginLandingPageDisabled)() : (0, default_1.ApolloServerPluginLandingPageLocalDefault)({ embed: true, includeCookies: false }),
                            (0, metrics_ts_1.metricsPlugin)(registry),
                        ],
                    });
                    return [4 /*yield*/, apollo.start()];
                case 1:
                    _a.sent();
                    return [4 /*yield*/, nats_1.EventBus.connect({ url: config.NATS_URL, name: "router", stream: config.NATS_STREAM, prefix: config.NATS_SUBJECT_PREFIX, logger: logger })];
                case 2:
                    bus = _a.sent();
                    buildContext = (0, router_context_ts_1.contextForRequest)((0, router_context_ts_1.routerContextFactory)((0, identity_1.userTokenVerifier)(config), new identity_1.InternalTokens(config.INTERNAL_SECRET, "router")));
                    accepting = true;
                    handle = function (req, res) { return __awaiter(_this, void 0, void 0, function () {
                        var path, _a, ready, _b, _c;
                        var _d;
                        return __generator(this, function (_e) {
                            switch (_e.label) {
                                case 0:
                                    path = ((_d = req.url) !== null && _d !== void 0 ? _d : "/").split("?")[0];
                                    _a = path;
                                    switch (_a) {
                                        case "/graphql": return [3 /*break*/, 1];
                                        case "/healthz": return [3 /*break*/, 2];
                                        case "/readyz": return [3 /*break*/, 3];
                                        case "/metrics": return [3 /*break*/, 4];
                                    }
                                    return [3 /*break*/, 6];
                                case 1: return [2 /*return*/, (0, service_1.executeGraphQL)(apollo, req, res, function () { return buildContext(req); })];
                                case 2: return [2 /*return*/, (0, service_1.sendJson)(res, 200, { status: "ok" })];
                                case 3:
                                    {
                                        ready = accepting && bus.connected;
                                        return [2 /*return*/, (0, service_1.sendJson)(res, ready ? 200 : 503, { ready: ready, subgraphs: contexts, nats: bus.connected })];
                                    }
                                    _e.label = 4;
                                case 4:
                                    res.writeHead(200, { "content-type": registry.contentType });
                                    _c = (_b = res).end;
                                    return [4 /*yield*/, registry.metrics()];
                                case 5: return [2 /*return*/, _c.apply(_b, [_e.sent()])];
                                case 6: return [2 /*return*/, (0, service_1.sendJson)(res, 404, { error: "not found: the API is at /graphql" })];
                            }
                        });
                    }); };
                    server = (0, node_http_1.createServer)(function (req, res) {
                        handle(req, res).catch(function (error) {
                            logger.error({ err: error }, "request failed");
                            if (!res.headersSent)
                                (0, service_1.sendGraphQLError)(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
                        });
                    });
                    server.keepAliveTimeout = 65000;
                    return [4 /*yield*/, new Promise(function (resolve) { return server.listen(config.ROUTER_PORT, config.HOST, resolve); })];
                case 3:
                    _a.sent();
                    port = server.address().port;
                    url = "http://".concat(config.HOST, ":").concat(port, "/graphql");
                    logger.info({ url: url, subgraphs: contexts }, "router ready");
                    return [2 /*return*/, {
                            port: port,
                            url: url,
                            stop: function () {
                                return __awaiter(this, void 0, void 0, function () {
                                    return __generator(this, function (_a) {
                                        switch (_a.label) {
                                            case 0:
                                                accepting = false;
                                                return [4 /*yield*/, new Promise(function (resolve) {
                                                        server.close(function () { return resolve(); });
                                                        server.closeIdleConnections();
                                                    })];
                                            case 1:
                                                _a.sent();
                                                return [4 /*yield*/, apollo.stop()];
                                            case 2:
                                                _a.sent();
                                                return [4 /*yield*/, bus.close()];
                                            case 3:
                                                _a.sent();
                                                return [2 /*return*/];
                                        }
                                    });
                                });
                            },
                        }];
            }
        });
    });
}
