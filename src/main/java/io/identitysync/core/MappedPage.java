package io.identitysync.core;

import java.util.ArrayList;
import java.util.List;

/** What a source mapping made of one page: the canonical records to stage, and what it could not use. */
public final class MappedPage {
    public final List<CanonicalUser> users = new ArrayList<>();
    public final List<CanonicalGroup> groups = new ArrayList<>();
    public final List<CanonicalMembership> memberships = new ArrayList<>();
    public final List<Skipped> skipped = new ArrayList<>();
}
