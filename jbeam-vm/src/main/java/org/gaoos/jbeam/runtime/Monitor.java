package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * A monitor held by the monitoring process: the monitored process, how the 'DOWN' message names it
 * ({@code who}: the pid, or {@code {Name, Node}} when monitored by name) and the message's first
 * element ({@code tag}: 'DOWN' unless monitor/3 set {@code {tag, T}}).
 */
public record Monitor(Proc target, Term who, Term tag) {}
