package org.gaoos.jbeam.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * Which local tail calls must go through the trampoline: those between two functions of one
 * strongly connected component of the local tail-call graph (mutual tail recursion, which could
 * loop forever). Any other local tail call is a direct call followed by a return: the chain of
 * such calls is bounded by the number of functions, so the JVM stack stays bounded. Self tail
 * calls are jumps and are not edges here.
 */
final class TailCalls {
    private final int[] component;

    /** {@code edges.get(f)} lists the functions {@code f} tail-calls (not itself). */
    TailCalls(List<List<Integer>> edges) {
        int n = edges.size();
        component = new int[n];
        new Tarjan(edges).run();
    }

    boolean needsTrampoline(int from, int to) {
        return from != to && component[from] == component[to];
    }

    /** Tarjan's algorithm, iterative (modules may have thousands of functions). */
    private final class Tarjan {
        final List<List<Integer>> g;
        final int[] index, low;
        final boolean[] onStack;
        final int[] stack;
        int sp, counter, comps;

        Tarjan(List<List<Integer>> g) {
            this.g = g;
            int n = g.size();
            index = new int[n];
            low = new int[n];
            onStack = new boolean[n];
            stack = new int[n];
            java.util.Arrays.fill(index, -1);
        }

        void run() {
            for (int v = 0; v < g.size(); v++) if (index[v] < 0) strongConnect(v);
        }

        void strongConnect(int root) {
            List<int[]> work = new ArrayList<>(); // {node, next edge}
            work.add(new int[] {root, 0});
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (!work.isEmpty()) {
                int[] top = work.getLast();
                int v = top[0];
                List<Integer> out = g.get(v);
                if (top[1] < out.size()) {
                    int w = out.get(top[1]++);
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        work.add(new int[] {w, 0});
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                } else {
                    work.removeLast();
                    if (!work.isEmpty()) {
                        int u = work.getLast()[0];
                        low[u] = Math.min(low[u], low[v]);
                    }
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            component[w] = comps;
                        } while (w != v);
                        comps++;
                    }
                }
            }
        }
    }
}
