"use strict";
var __assign = (this && this.__assign) || function () {
    __assign = Object.assign || function(t) {
        for (var s, i = 1, n = arguments.length; i < n; i++) {
            s = arguments[i];
            for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
                t[p] = s[p];
        }
        return t;
    };
    return __assign.apply(this, arguments);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.routerConfigSchema = void 0;
var zod_1 = require("zod");
var config_1 = require("@airbnb/config");
exports.routerConfigSchema = zod_1.z
    .object(__assign(__assign({}, config_1.baseConfigSchema.shape), { ROUTER_PORT: zod_1.z.coerce.number().int().min(0).max(65535).default(4000), JWT_SECRET: zod_1.z.string().min(16).default(config_1.DEV_JWT_SECRET), JWKS_URL: zod_1.z.url().optional(), JWT_ISSUER: zod_1.z.string().optional(), JWT_AUDIENCE: zod_1.z.string().optional(), 
    /** Comma-separated contexts to compose; all of them by default. */
    SUBGRAPHS: zod_1.z.string().optional() }))
    .refine(function (c) { return c.NODE_ENV !== "production" || c.JWKS_URL || c.JWT_SECRET !== config_1.DEV_JWT_SECRET; }, {
    message: "the development JWT_SECRET is refused when NODE_ENV=production: set JWKS_URL or JWT_SECRET",
    path: ["JWT_SECRET"],
})
    .refine(function (c) { return c.NODE_ENV !== "production" || c.INTERNAL_SECRET !== config_1.baseConfigSchema.parse({}).INTERNAL_SECRET; }, {
    message: "the development INTERNAL_SECRET is refused when NODE_ENV=production",
    path: ["INTERNAL_SECRET"],
});
