package org.rmfer4j.notebook.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.notebook.Notebook;

/**
 * The rmfer4j Jupyter kernel: JShell running in this JVM (cells return real objects), cells split into snippets,
 * the last expression displayed unless the cell ends with {@code ;}, output streamed, completion, inspect,
 * is_complete, interrupt, the magics {@code %classpath} and {@code %load}, renderers for charts, tables and images
 * ({@link Renderers}), and a progress display that updates in place. The toolkit's start-up script (imports and
 * {@code Notebook.setup()}) runs before the first cell.
 */
public final class RmferKernel extends BaseKernel {
    private final JShell shell;
    private final CellExecution execution;
    private final CellLoader loader;

    private RmferKernel(
            String name,
            String version,
            HistoryManager history,
            JupyterIO io,
            CommManager comms,
            Renderer renderer,
            MagicsRegistry magics,
            StringStyler styler,
            CellLoader loader,
            CellExecution execution) {
        super(
                name,
                version,
                new LanguageInfo(
                        "java", Runtime.version().toString(), "text/x-java", ".jshell", "java", "java", "java"),
                List.of(),
                history,
                io,
                comms,
                renderer,
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
                magics,
                false,
                styler);
        this.loader = loader;
        this.execution = execution;
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "rmfer-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return execution;
            }
        };
        this.shell = JShell.builder().executionEngine(provider, Map.of()).build();
        shell.addToClasspath(System.getProperty("java.class.path"));
        Renderers.register(getRenderer());
    }

    /** Builder for the kernel with its magics. */
    static final class Builder extends BaseKernelBuilder<Builder, RmferKernel> {
        @Override
        public RmferKernel build() {
            CellLoader l = new CellLoader(RmferKernel.class.getClassLoader());
            String v = RmferKernel.class.getPackage().getImplementationVersion();
            return new RmferKernel(
                    "rmfer4j",
                    v == null ? "dev" : v,
                    buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()),
                    buildCommManager(),
                    buildRenderer(),
                    buildMagicsRegistry(),
                    buildErrorStyler(),
                    l,
                    new CellExecution(l));
        }
    }

    /** Starts the kernel on a connection file (argv of kernel.json). */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RmferKernel <connection file>");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        Builder b = new Builder();
        b.lineMagic("classpath", (RmferKernel k, List<String> a) -> {
            k.addToClasspath(a);
            return null;
        });
        b.lineMagic("load", (RmferKernel k, List<String> a) -> k.loadScripts(a));
        RmferKernel kernel = b.build();
        kernel.onStartup();
        JupyterConnection conn = new JupyterConnection(KernelConnectionProperties.parse(json));
        kernel.becomeHandlerForConnection(conn);
        conn.connect();
        conn.waitUntilClose();
        kernel.shell.close();
    }

    @Override
    public void onStartup() {
        super.onStartup();
        Notebook.installProgressDisplay(ProgressDisplay::new);
        evalRaw("import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");
        evalRaw(Notebook.startupScript() + "\n;"); // imports and set-up, shown nothing
    }

    private void addToClasspath(List<String> entries) {
        for (String e : entries) {
            for (Path p : Globs.expand(e)) {
                shell.addToClasspath(p.toString());
            }
        }
    }

    private @Nullable Object loadScripts(List<String> files) throws Exception {
        Object last = null;
        for (String f : files) {
            last = evalRaw(Files.readString(Path.of(f), StandardCharsets.UTF_8));
        }
        return last;
    }

    @Override
    public Object evalRaw(String code) {
        String src = getMagicParser().resolveMagics(code);
        execution.forgetValues(); // values of earlier cells are never shown again: do not keep them alive
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Object value = null;
        boolean show = false;
        String rest = src;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(rest);
            if (ci.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                    || ci.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                throw new CompileError("Incomplete input: " + rest.strip());
            }
            String snippet = ci.source() != null ? ci.source() : rest;
            rest = ci.remaining() != null ? ci.remaining() : "";
            // COMPLETE_WITH_SEMI: JShell added the ';' the user left out; otherwise the user's own trailing ';' hides
            // the value
            boolean typedSemicolon = ci.completeness() != SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI
                    && snippet.strip().endsWith(";");
            value = null;
            show = false;
            List<SnippetEvent> events = shell.eval(snippet);
            if (execution.takeStopped()) {
                throw new CellException("Interrupted: the cell was stopped", new InterruptedException("cell stopped"));
            }
            for (SnippetEvent e : events) {
                if (e.causeSnippet() != null) {
                    continue;
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    throw new CompileError(diagnostics(e.snippet()));
                }
                if (e.exception() != null) {
                    throw asRuntime(e.exception());
                }
                Snippet s = e.snippet();
                boolean expression = s.kind() == Snippet.Kind.EXPRESSION
                        || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
                if (expression && CellExecution.isKey(e.value())) {
                    value = execution.take(e.value());
                    show = !typedSemicolon;
                } else if (expression) {
                    value = e.value();
                    show = !typedSemicolon;
                }
            }
        }
        return show ? value : null;
    }

    private String diagnostics(Snippet s) {
        return shell.diagnostics(s).map(d -> render(d, s)).collect(Collectors.joining("\n"));
    }

    private static String render(Diag d, Snippet s) {
        String src = s.source();
        int start = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
        int end = (int) Math.max(start, Math.min(d.getEndPosition(), src.length()));
        return d.getMessage(null) + (end > start ? "\n    at: " + src.substring(start, end) : "");
    }

    private static RuntimeException asRuntime(Exception e) {
        if (e instanceof EvalException ee) {
            return new CellException(ee.getExceptionClassName() + ": " + ee.getMessage(), ee);
        }
        if (e instanceof UnresolvedReferenceException ur) {
            return new CompileError("Unresolved reference in " + ur.getSnippet().source());
        }
        return new CellException(e.toString(), e);
    }

    @Override
    public List<String> formatError(Throwable e) {
        List<String> out = new ArrayList<>();
        if (e instanceof CompileError) {
            out.add(errorStyler.primary("Compile error:"));
            for (String line : e.getMessage().split("\n")) {
                out.add(errorStyler.secondary(line));
            }
            return out;
        }
        Throwable cause = e instanceof CellException && e.getCause() != null ? e.getCause() : e;
        out.add(errorStyler.primary(e.getMessage() == null ? e.toString() : e.getMessage()));
        for (StackTraceElement st : cause.getStackTrace()) {
            if (st.getClassName().startsWith("REPL.") || st.getClassName().startsWith("org.rmfer4j")) {
                out.add(errorStyler.secondary("    at " + st));
            }
        }
        return out;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis().documentation(code, at, true);
        if (docs.isEmpty() && at == code.length() && !code.endsWith("(")) {
            // JShell documents a method at its call; "Math.max" with the cursor at the end means the same
            docs = shell.sourceCodeAnalysis().documentation(code + "(", at + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                sb.append(d.javadoc()).append('\n');
            }
        }
        return new DisplayData(sb.toString());
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> s = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        List<String> options = s.stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        String rest = getMagicParser().resolveMagics(code);
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            switch (ci.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                    return "    ";
                case UNKNOWN:
                    return IS_COMPLETE_BAD;
                default:
                    rest = ci.remaining() == null ? "" : ci.remaining();
            }
        }
        return IS_COMPLETE_YES;
    }

    /**
     * jjava-jupyter 1.0-a6's kernel_info_reply lacks the {@code status} field the messaging spec requires (5.x); a
     * client validating replies (jupyter_kernel_test) rejects it. Same reply, with the status.
     */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoWithStatus(getName(), getVersion(), getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    /** The library's reply plus {@code "status": "ok"}. */
    static final class KernelInfoWithStatus extends KernelInfoReply {
        @SuppressWarnings("unused") // serialised by gson
        private final String status = "ok";

        KernelInfoWithStatus(String name, String version, LanguageInfo info, String banner, List<HelpLink> links) {
            super("5.3", name, version, info, banner, links);
        }
    }

    @Override
    public void interrupt() {
        execution.stopCell();
    }

    @Override
    protected ClassLoader getClassLoader() {
        return loader;
    }

    /** A cell that does not compile. */
    static final class CompileError extends RuntimeException {
        CompileError(String message) {
            super(message);
        }
    }

    /** A cell that threw. */
    static final class CellException extends RuntimeException {
        CellException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
