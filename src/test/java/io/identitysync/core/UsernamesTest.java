package io.identitysync.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsernamesTest {

    @Test
    void foldsAccentsAndDropsEverythingButLettersAndDigits() {
        assertEquals("jose.nunezdiaz", Usernames.base("José", "Núñez-Díaz", "1"));
        assertEquals("lukasz.zolc", Usernames.base("Łukasz", "Żółć", "2"));
        assertEquals("soren.aberg", Usernames.base("Søren", "Åberg", "3"));
        assertEquals("aisha.obrien", Usernames.base("Aisha", "O'Brien", "4"));
        assertEquals("mats.vanderberg", Usernames.base("Mats", "van der Berg", "5"));
        assertEquals("cagan.ozdemir", Usernames.base("Çağan", "Özdemir", "6"));
        assertEquals("helene.schafer", Usernames.base("HÉLÈNE", "Schäfer", "7"));
    }

    @Test
    void aMissingPartLeavesTheOtherAndNoNameAtAllUsesTheId() {
        assertEquals("cher", Usernames.base("Cher", null, "8"));
        assertEquals("smith", Usernames.base("", "Smith", "9"));
        assertEquals("user10", Usernames.base(null, "  ", "10"));
    }

    @Test
    void collisionsAreNumberedOnTheFamilyPart() {
        Usernames.Allocator names = new Usernames.Allocator(new HashSet<>(Set.of("alpha.zed")));
        assertEquals("alpha.zed1", names.take("alpha.zed"));
        assertEquals("alpha.zed2", names.take("alpha.zed"));
        assertEquals("beta.zed", names.take("beta.zed"));
        assertEquals("beta.zed1", names.take("beta.zed"));
    }

    @Test
    void numberingFillsTheFirstFreeNumberAndNeverGivesOneTwice() {
        // Stored holders with a gap (alpha.zed2 left long ago), and someone whose own base looks like a numbered name.
        Set<String> taken = new HashSet<>(Set.of("alpha.zed", "alpha.zed1", "alpha.zed3"));
        Usernames.Allocator names = new Usernames.Allocator(taken);
        assertEquals("alpha.zed2", names.take("alpha.zed"));
        assertEquals("alpha.zed4", names.take("alpha.zed"));
        assertEquals("alpha.zed5", names.take("alpha.zed5"));
        assertEquals("alpha.zed6", names.take("alpha.zed"));
        assertEquals(Set.of("alpha.zed", "alpha.zed1", "alpha.zed2", "alpha.zed3", "alpha.zed4", "alpha.zed5", "alpha.zed6"), taken);
    }

    @Test
    void aUsernameHasAtMost30CharactersItsNumberIncludedAndStartsWithALetter() {
        // JumpCloud's naming convention: starts with a letter, at most 30 characters (Mac and Linux).
        String base = Usernames.base("Mariafernanda", "Gonzalezrodriguez", "1");
        assertEquals("mariafernanda.gonzalezrodrigue", base);
        Usernames.Allocator names = new Usernames.Allocator(new HashSet<>());
        assertEquals("mariafernanda.gonzalezrodrigue", names.take(base));
        assertEquals("mariafernanda.gonzalezrodrigu1", names.take(base));
        for (int i = 2; i <= 10; i++) {
            names.take(base);
        }
        assertEquals("mariafernanda.gonzalezrodrig11", names.take(base));
        assertEquals("abcdefghijklmnopqrstuvwxyzab1", Usernames.numbered("abcdefghijklmnopqrstuvwxyzab.cd", 1), "never ends on the dot it was cut at");
        assertEquals("abcdefghijklmnopqrstuvwxyzab12", Usernames.numbered("abcdefghijklmnopqrstuvwxyzab.d", 12));
        assertEquals("u3m.partner", Usernames.base("3M", "Partner", "2"));
        assertEquals("user42", Usernames.base("", "", "42"));
        assertEquals("ana.garcia7", Usernames.numbered("ana.garcia", 7), "a short name is only numbered");
    }

    @Test
    void externalIdsSortNumericallyWhenTheyAreNumbers() {
        List<String> ids = new ArrayList<>(List.of("10", "9", "100", "b", "a", "2"));
        ids.sort(Usernames.EXTERNAL_ID_ORDER);
        assertEquals(List.of("2", "9", "10", "100", "a", "b"), ids);
    }
}
