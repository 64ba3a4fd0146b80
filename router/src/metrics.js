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
exports.metricsPlugin = metricsPlugin;
var prom_client_1 = require("prom-client");
/** Request latency by operation type and errors by code: the signals an operator alerts on. */
function metricsPlugin(registry) {
    var duration = new prom_client_1.Histogram({
        name: "graphql_request_duration_seconds",
        help: "GraphQL operations through the router",
        labelNames: ["operation_type"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
    });
    var errors = new prom_client_1.Counter({ name: "graphql_errors_total", help: "GraphQL errors returned, by code", labelNames: ["code"], registers: [registry] });
    return {
        requestDidStart: function () {
            return __awaiter(this, void 0, void 0, function () {
                var stop;
                return __generator(this, function (_a) {
                    stop = duration.startTimer();
                    return [2 /*return*/, {
                            willSendResponse: function (_a) {
                                return __awaiter(this, arguments, void 0, function (_b) {
                                    var _c;
                                    var operation = _b.operation;
                                    return __generator(this, function (_d) {
                                        stop({ operation_type: (_c = operation === null || operation === void 0 ? void 0 : operation.operation) !== null && _c !== void 0 ? _c : "unknown" });
                                        return [2 /*return*/];
                                    });
                                });
                            },
                            didEncounterErrors: function (_a) {
                                return __awaiter(this, arguments, void 0, function (_b) {
                                    var _i, list_1, error;
                                    var _c, _d;
                                    var list = _b.errors;
                                    return __generator(this, function (_e) {
                                        for (_i = 0, list_1 = list; _i < list_1.length; _i++) {
                                            error = list_1[_i];
                                            errors.inc({ code: String((_d = (_c = error.extensions) === null || _c === void 0 ? void 0 : _c.code) !== null && _d !== void 0 ? _d : "INTERNAL_SERVER_ERROR") });
                                        }
                                        return [2 /*return*/];
                                    });
                                });
                            },
                        }];
                });
            });
        },
    };
}
