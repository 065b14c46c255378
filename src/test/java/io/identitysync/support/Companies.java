package io.identitysync.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;

import java.time.LocalDate;

/** Small Factorial companies that tests can read at a glance. */
public final class Companies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Companies() {
    }

    /**
     * Ada (an Engineer), Alan (reports to Grace) and Grace, active; Linus, inactive; team 7, Engineering, with Ada and
     * Alan: what a directory is provisioned from.
     */
    public static FactorialData engineering() {
        FactorialData data = new FactorialData();
        data.employees.add(FactorialData.employee(1, "Ada", "Lovelace"));
        data.contractVersions.add(FactorialRecords.contractVersion(11, 1, LocalDate.of(2020, 1, 6), LocalDate.of(2020, 1, 6), "Engineer"));
        data.employees.add(FactorialData.employee(2, "Alan", "Turing").put("manager_id", 3));
        data.employees.add(FactorialData.employee(3, "Grace", "Hopper"));
        data.employees.add(FactorialData.employee(4, "Linus", "Left").put("active", false));
        ObjectNode team = JSON.createObjectNode().put("id", 7).put("name", "Engineering").put("company_id", 1);
        team.putArray("employee_ids").add(1).add(2);
        team.putArray("lead_ids");
        data.teams.add(team);
        return data;
    }
}
