package io.identitysync.model;

/** A level of a source's job catalog: where a company keeps titles in a catalog, the role it belongs to names the job. */
public record JobLevel(String externalId, String name, String roleName) {

    /** The title a person at this level has: the role's name, else the level's. */
    public String title() {
        return roleName != null ? roleName : name;
    }
}
