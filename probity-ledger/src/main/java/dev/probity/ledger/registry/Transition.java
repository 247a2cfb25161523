package dev.probity.ledger.registry;

import java.util.List;

/**
 * A lifecycle transition asked for: from and to which stage, the gates checked, and the entry that records it (-1 when
 * a gate failed and nothing was recorded).
 */
public record Transition(String model, Stage from, Stage to, List<Gate> gates, long entry) {
    public Transition {
        gates = List.copyOf(gates);
    }

    public boolean done() {
        return entry >= 0;
    }

    public List<Gate> failed() {
        return gates.stream().filter(g -> !g.passed()).toList();
    }
}
