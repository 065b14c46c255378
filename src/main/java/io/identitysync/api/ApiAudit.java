package io.identitysync.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.util.ArrayList;
import java.util.List;

/** The api_audit table: every action asked of the API, who asked (which token), when, and what came of it. */
final class ApiAudit {

    private final Store store;

    ApiAudit(Store store) {
        this.store = store;
    }

    void record(ApiTokens.Who who, String method, String path, int status, String result) {
        store.write("api_audit", "INSERT INTO api_audit (at, token, method, path, status, result) VALUES (?, ?, ?, ?, ?, ?)",
                List.of(Store.now(), who.name(), method, path, status, result));
    }

    /** The newest entries first. */
    List<ObjectNode> recent(int limit) {
        List<ObjectNode> out = new ArrayList<>();
        store.read("api_audit", "SELECT * FROM api_audit ORDER BY id DESC LIMIT " + limit, List.of(), rs -> out.add(Rows.toJson(rs)));
        return out;
    }
}
