"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
var service_1 = require("@airbnb/service");
var router_ts_1 = require("./router.ts");
await (0, service_1.runAsProcess)("router", function () { return (0, router_ts_1.startRouter)(); });
