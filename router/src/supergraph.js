"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.subgraphsToCompose = subgraphsToCompose;
exports.composeSupergraph = composeSupergraph;
var node_fs_1 = require("node:fs");
var node_url_1 = require("node:url");
var graphql_1 = require("graphql");
var composition_1 = require("@apollo/composition");
var config_1 = require("@airbnb/config");
var schemaFile = function (context) { return (0, node_url_1.fileURLToPath)(new URL("../../subgraphs/".concat(context, "/schema.graphql"), import.meta.url)); };
/** Contexts to compose: those named, or every context whose subgraph exists in this checkout. */
function subgraphsToCompose(names) {
    var all = Object.keys(config_1.CONTEXTS);
    if (!names)
        return all.filter(function (context) { return (0, node_fs_1.existsSync)(schemaFile(context)); });
    return names.split(",").map(function (name) {
        var context = name.trim();
        if (!all.includes(context))
            throw new Error("SUBGRAPHS names an unknown context \"".concat(name, "\"; known: ").concat(all.join(", ")));
        return context;
    });
}
/**
 * Composes the supergraph in process from the subgraphs' SDL files, so the
 * router starts (and is ready) whatever order the subgraphs start in.
 */
function composeSupergraph(contexts, env) {
    var result = (0, composition_1.composeServices)(contexts.map(function (name) { return ({ name: name, url: "".concat((0, config_1.contextUrl)(name, env), "/graphql"), typeDefs: (0, graphql_1.parse)((0, node_fs_1.readFileSync)(schemaFile(name), "utf8")) }); }));
    if (result.errors)
        throw new Error("supergraph composition failed: ".concat(result.errors.map(function (error) { return error.message; }).join("; ")));
    return result.supergraphSdl;
}
