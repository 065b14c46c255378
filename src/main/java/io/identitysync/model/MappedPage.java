package io.identitysync.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a source mapping made of one page: the canonical records to stage, and what it could not use. */
public final class MappedPage {
    public final List<CanonicalUser> users = new ArrayList<>();
    public final List<CanonicalGroup> groups = new ArrayList<>();
    public final List<CanonicalMembership> memberships = new ArrayList<>();
    public final List<CanonicalEmployment> employments = new ArrayList<>();
    public final List<JobLevel> jobLevels = new ArrayList<>();
    public final List<CanonicalLeave> leaves = new ArrayList<>();
    public final List<LeaveType> leaveTypes = new ArrayList<>();
    public final List<LeavePolicy> leavePolicies = new ArrayList<>();
    public final List<CanonicalCompensation> compensations = new ArrayList<>();
    public final List<CustomField.Definition> customFields = new ArrayList<>();
    public final List<CustomField.Option> customOptions = new ArrayList<>();
    public final List<CustomField.Value> customValues = new ArrayList<>();
    public final List<Skipped> skipped = new ArrayList<>();
    /** Each user's record as the source sent it, by external id: what scope and map rules may read as {@code record}. */
    public final Map<String, JsonNode> records = new HashMap<>();
    /**
     * Set by a mapping of employments, even for an empty page: the run read the source's employments, so the ones
     * it did not find are gone (a run that does not read them leaves the stored ones alone).
     */
    public boolean employmentsRead;
    /** The same for time off: set by the mapping of leaves. */
    public boolean leavesRead;
    /** And for compensations. */
    public boolean compensationsRead;
}
