package io.identitysync.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Tests that run real syncs: each gets a fresh folder, and its fixture's servers are stopped afterwards. */
public abstract class FixtureTest {

    @TempDir
    protected Path dir;
    protected SyncFixture fx;

    @AfterEach
    void closeFixture() {
        if (fx != null) {
            fx.close();
        }
    }
}
