package io.identitysync.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration-reference.md is what the registry of keys says, word for word. */
class ConfigReferenceTest {

    private static final Path PAGE = Path.of("docs/configuration-reference.md");

    @Test
    void theReferencePageIsTheRegistryOfKeys() throws Exception {
        String generated = ConfigReference.markdown();
        if (Boolean.getBoolean("identitysync.write-docs")) {
            Files.writeString(PAGE, generated);
        }
        assertEquals(generated, Files.readString(PAGE), "docs/configuration-reference.md differs from the bundled properties files: "
                + "regenerate it with mvn -q test -Dtest=ConfigReferenceTest -Didentitysync.write-docs=true");
        for (String key : Settings.bundled().keySet()) {
            assertTrue(generated.contains("| `" + key + "` |"), key + " is on the page");
        }
    }
}
