package org.gaoos.jbeam.translate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.gaoos.jbeam.beam.BadBeamException;
import org.gaoos.jbeam.beam.BeamFile;
import org.gaoos.jbeam.beam.Instruction;
import org.gaoos.jbeam.beam.Opcode;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.ModuleLoader;

/**
 * The runtime's {@link ModuleLoader}: reads a {@code .beam} file, translates it and defines the
 * module version as a hidden class (unloadable once nothing refers to it) whose class data holds
 * its constants. A file translated at build time ({@link Precompiled}: OTP's modules) is defined
 * from its stored translation instead.
 */
public final class BeamModuleLoader implements ModuleLoader {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    @Override
    public ModuleCode load(byte[] beam, String name) throws LoadException {
        Precompiled.Entry pre = Precompiled.lookup(beam);
        if (pre != null) {
            ModuleCode code = define(pre.result());
            if (pre.onLoad() >= 0) code.setOnLoadFunction(pre.onLoad());
            return code;
        }
        BeamFile file;
        try {
            file = BeamFile.read(beam);
        } catch (BadBeamException e) {
            throw new LoadException(name + ": " + e.getMessage(), e);
        }
        ModuleCode code = define(Translator.translate(file));
        int onLoad = onLoadFunction(file);
        if (onLoad >= 0) code.setOnLoadFunction(onLoad);
        return code;
    }

    /** The function holding the {@code on_load} instruction (the -on_load attribute's function), or -1. */
    static int onLoadFunction(BeamFile file) {
        for (int i = 0; i < file.functions().size(); i++) {
            for (Instruction in : file.functions().get(i).code()) if (in.op() == Opcode.ON_LOAD) return i;
        }
        return -1;
    }

    /** Translates without defining (tests, build-time precompilation). */
    public static byte[] translateOnly(byte[] beam) throws LoadException, BadBeamException {
        return Translator.translate(BeamFile.read(beam)).bytes();
    }

    static ModuleCode define(Translator.Result r) throws LoadException {
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(r.bytes(), r.classData(), true);
            Class<?> c = hidden.lookupClass();
            ModuleCode code = (ModuleCode) hidden.findConstructor(c, MethodType.methodType(void.class)).invoke();
            hidden.findStaticVarHandle(c, "SELF", ModuleCode.class).set(code);
            code.init(r.info(), hidden);
            return code;
        } catch (LinkageError e) {
            throw new LoadException(r.info().module().name() + ": the generated class was rejected: " + e, e);
        } catch (Throwable e) {
            throw new LoadException(r.info().module().name() + ": cannot define the module: " + e, e);
        }
    }
}
