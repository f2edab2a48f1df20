package org.gaoos.jbeam.runtime;

import java.util.List;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * What the loader knows about a module version besides its code: functions, exports, funs,
 * the line table for stack traces, attributes and compile info ({@code module_info/0,1}).
 *
 * @param exports   indexes into {@code functions} of the exported functions
 * @param lineFiles source file of each line-table entry (index 0 = no location)
 * @param lineNumbers source line of each line-table entry
 */
public record ModuleInfo(Atom module, List<FunctionInfo> functions, int[] exports,
                         List<LambdaInfo> lambdas, String[] lineFiles, int[] lineNumbers,
                         byte[] md5, Term attributes, Term compileInfo) {}
