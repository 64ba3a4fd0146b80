"use strict";
var __extends = (this && this.__extends) || (function () {
    var extendStatics = function (d, b) {
        extendStatics = Object.setPrototypeOf ||
            ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
            function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };
        return extendStatics(d, b);
    };
    return function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.SubgraphDataSource = void 0;
var gateway_1 = require("@apollo/gateway");
var identity_1 = require("@airbnb/identity");
var service_1 = require("@airbnb/service");
/**
 * Sends each subgraph fetch with the router-signed identity and the request id.
 * Nothing the client sent is forwarded, so identity headers cannot be forged.
 */
var SubgraphDataSource = /** @class */ (function (_super) {
    __extends(SubgraphDataSource, _super);
    function SubgraphDataSource() {
        return _super !== null && _super.apply(this, arguments) || this;
    }
    SubgraphDataSource.prototype.willSendRequest = function (_a) {
        var _b, _c;
        var request = _a.request, context = _a.context;
        if (!("internalToken" in context))
            return;
        (_b = request.http) === null || _b === void 0 ? void 0 : _b.headers.set(identity_1.INTERNAL_IDENTITY_HEADER, context.internalToken);
        (_c = request.http) === null || _c === void 0 ? void 0 : _c.headers.set(service_1.REQUEST_ID_HEADER, context.requestId);
    };
    return SubgraphDataSource;
}(gateway_1.RemoteGraphQLDataSource));
exports.SubgraphDataSource = SubgraphDataSource;
