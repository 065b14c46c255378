package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.core.VendorWords;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@code check --live} reads one kind of directory: one page of users (and of groups when it keeps groups), with
 * the headers its push sends. Only reads: a missing write permission shows on the first push, in its dead letter.
 */
abstract class DirectoryProbe {

    /** The headers of every request: the credential, and what the directory speaks. */
    abstract Map<String, String> headers(DirectoryConfig config, Settings settings);

    /** The reads: item → path under the directory's URL. */
    abstract Map<String, String> reads(DirectoryConfig config);

    /** The total a list answer reports, or -1. */
    abstract long total(JsonNode list);

    final List<Finding> check(DirectoryConfig config, Settings settings, LiveHttp http) {
        String target = config.label();
        String base = LiveHttp.trimmed(config.url());
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, String> read : reads(config).entrySet()) {
            Map<String, String> headers;
            try {
                headers = headers(config, settings);
            } catch (DirectoryException e) {
                // The credential itself was refused (an OAuth token endpoint): the directory's words and the keys to check.
                out.add(Finding.failed(target, read.getKey(), e.getMessage(), credentialKeys(config)));
                break;
            }
            try {
                LiveHttp.Answer a = http.get(base + read.getValue(), headers);
                if (a.ok()) {
                    long total = a.json() == null ? -1 : total(a.json());
                    out.add(total < 0 ? Finding.failed(target, read.getKey(), "HTTP " + a.status() + " but not the list expected: is "
                            + keys(config) + "url the directory's API?", keys(config) + "url")
                            : Finding.ok(target, read.getKey(), total + " in all"));
                    continue;
                }
                String words = VendorWords.inParentheses(a.text());
                String key = a.status() == 404 ? keys(config) + "url" : credentialKeys(config);
                String why = switch (a.status()) {
                    case 401 -> ": the directory refused the credential";
                    case 403 -> ": the credential lacks the permission to read " + read.getKey();
                    default -> "";
                };
                out.add(Finding.failed(target, read.getKey(), "HTTP " + a.status() + words + why, key));
                if (a.status() == 401) {
                    break;
                }
            } catch (LiveHttp.Unreachable e) {
                out.add(Finding.failed(target, read.getKey(), base + ": " + e.getMessage(), keys(config) + "url"));
                break;
            }
        }
        return out;
    }

    /** The keys to check when the directory refuses the credential. */
    String credentialKeys(DirectoryConfig config) {
        return config.tokenKey();
    }

    /** Where the directory's keys start: {@code directories.<id>.}. */
    static String keys(DirectoryConfig config) {
        return DirectoryConfig.PREFIX + config.id() + ".";
    }
}
