package io.lorasweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Keeps DJL's {@code NDArray} arithmetic with a {@code Number} operand out of the module's main code: on this engine
 * the operand's memory is freed while autograd may still need it (see {@code io.lorasweep.agent.model.Scalars}), which
 * made training diverge with a NaN gradient whenever a GC ran mid-step. Use {@code Scalars} instead.
 */
class NoDjlNumberArithmeticTest {

    static final Set<String> ARITHMETIC = Set.of("add", "sub", "mul", "div", "pow", "maximum", "minimum", "addi",
            "subi", "muli", "divi", "powi", "maximumi", "minimumi", "rsub", "rsubi", "rdiv", "rdivi", "rpow", "rpowi");

    @Test
    void mainCodeUsesScalarsForConstantOperands() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() > 10, "main sources not found from " + Path.of("").toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> violations = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) javac.getTask(diagnostics, fm, null, List.of("-proc:none",
                    "-classpath", System.getProperty("java.class.path")), null, units);
            Iterable<? extends CompilationUnitTree> trees = task.parse();
            task.analyze();
            Trees treeUtil = Trees.instance(task);
            for (CompilationUnitTree unit : trees) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                        Element e = treeUtil.getElement(new TreePath(getCurrentPath(), node.getMethodSelect()));
                        if (e instanceof ExecutableElement m && ARITHMETIC.contains(m.getSimpleName().toString())
                                && isNdArray(m.getEnclosingElement()) && takesNumber(m)) {
                            long line = unit.getLineMap().getLineNumber(
                                    treeUtil.getSourcePositions().getStartPosition(unit, node));
                            violations.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + " "
                                    + node);
                        }
                        return super.visitMethodInvocation(node, unused);
                    }
                }.scan(unit, null);
            }
        }
        assertTrue(diagnostics.toString().isEmpty() || !diagnostics.toString().contains("error"),
                "main sources did not compile for the scan:\n" + diagnostics);
        assertEquals(List.of(), violations, "NDArray arithmetic with a Number operand: use Scalars");
    }

    static boolean isNdArray(Element owner) {
        return owner instanceof TypeElement t && t.getQualifiedName().toString().startsWith("ai.djl.ndarray.NDArray");
    }

    static boolean takesNumber(ExecutableElement m) {
        for (VariableElement p : m.getParameters()) {
            String type = p.asType().toString();
            if (type.equals("java.lang.Number") || p.asType().getKind().isPrimitive()) {
                return true;
            }
        }
        return false;
    }
}
