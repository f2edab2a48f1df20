package org.gaoos.jbeam.port;

import org.gaoos.jbeam.runtime.Vm;
import org.gaoos.jbeam.term.Port;

/**
 * {@code open_port({fd, In, Out}, Opts)}: output to the VM's standard output or error (fd 1 or
 * 2), as standard_error uses it. Input from a file descriptor is not supported: standard input
 * belongs to the terminal driver (prim_tty).
 */
final class FdPort extends OpenPort {
    private final int out;

    FdPort(Port id, int in, int out, boolean binary) {
        super(id, in + "/" + out, binary);
        this.out = out;
    }

    @Override
    void output(byte[] data) {
        Vm.write(out, data);
    }

    @Override
    void stop() {
        // the VM's standard streams stay open
    }
}
