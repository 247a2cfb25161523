package dev.probity.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's model built in code (CommandModels) against the one picocli reads from the annotations: the same
 * commands, options, help text and fields, so that the code can stand in for the annotations at start-up.
 */
class CommandModelsTest {
    @Test
    void theWrittenModelsAreUpToDate() throws Exception {
        if (Boolean.getBoolean("probity.writeCommandModels")) {
            // ./mvnw -q -pl probity-cli test -Dtest=CommandModelsTest -Dprobity.writeCommandModels=true
            CommandModelsWriter.main(new String[0]);
        }
        String committed = Files.readString(CommandModelsWriter.FILE, StandardCharsets.UTF_8);
        assertThat(committed)
                .as("CommandModels.java is out of date with the annotations; write it again with "
                        + "./mvnw -q -pl probity-cli test -Dtest=CommandModelsTest -Dprobity.writeCommandModels=true")
                .isEqualTo(CommandModelsWriter.source());
    }

    @Test
    void everyCommandHasTheModelItsAnnotationsDescribe() throws Exception {
        Main.disableClosures();
        List<String> names = new ArrayList<>();
        for (Class<?> c : Main.COMMANDS) {
            if (c == CommandLine.HelpCommand.class) {
                continue;
            }
            CommandLine annotated = new CommandLine(newInstance(c));
            names.add(annotated.getCommandName());
            CommandSpec built = CommandModels.command(annotated.getCommandName());
            assertThat(built).as(annotated.getCommandName()).isNotNull();
            same(annotated, new CommandLine(built), annotated.getCommandName());
        }
        assertThat(CommandModels.NAMES).containsExactlyElementsOf(names);
        assertThat(CommandModels.command("no-such-command")).isNull();
        same(new CommandLine(new Main()), new CommandLine(CommandModels.root(new Main())), "probity");
    }

    @Test
    void theWholeCommandLineHelpsAsBefore() {
        // the root with every command, as 'probity --help' shows it: built from the annotations, and from code
        Main.disableClosures();
        CommandLine annotated = new CommandLine(new Main());
        for (Class<?> c : Main.COMMANDS) {
            annotated.addSubcommand(c);
        }
        CommandLine built = Main.commandLine(new String[0]);
        assertThat(built.getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertThat(built.getSubcommands().keySet()).containsExactlyElementsOf(annotated.getSubcommands().keySet());
    }

    private static void same(CommandLine annotated, CommandLine built, String where) throws Exception {
        CommandSpec a = annotated.getCommandSpec();
        CommandSpec b = built.getCommandSpec();
        assertThat(b.name()).as(where).isEqualTo(a.name());
        assertThat(b.aliases()).as(where).isEqualTo(a.aliases());
        assertThat(b.userObject().getClass()).as(where).isEqualTo(a.userObject().getClass());
        assertThat(built.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(where + " --help").isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertThat(version(built)).as(where + " --version").isEqualTo(version(annotated));
        assertThat(b.mixins().keySet()).as(where + " mixins").containsExactlyElementsOf(
                a.mixins().keySet().stream().filter(k -> !k.equals("mixinStandardHelpOptions")).toList());
        for (String m : b.mixins().keySet()) {
            assertThat(b.mixins().get(m).userObject().getClass()).isEqualTo(a.mixins().get(m).userObject().getClass());
        }
        assertThat(b.args()).as(where).hasSameSizeAs(a.args());
        for (int i = 0; i < a.args().size(); i++) {
            sameArg(a.args().get(i), b.args().get(i), where);
        }
        // the @Spec fields hold the built model
        for (Field f : fields(b.userObject().getClass())) {
            if (f.isAnnotationPresent(CommandLine.Spec.class)) {
                f.setAccessible(true);
                assertThat(f.get(b.userObject())).as(where + " @Spec " + f.getName()).isSameAs(b);
            }
        }
        // every option writes and reads the field the annotation is on, in the built command's own objects
        for (int i = 0; i < a.args().size(); i++) {
            ArgSpec x = a.args().get(i);
            ArgSpec y = b.args().get(i);
            if (!(x.userObject() instanceof Field f) || f.getDeclaringClass().getSimpleName().equals("AutoHelpMixin")) {
                continue;
            }
            Object owner = owner(b.userObject(), f);
            assertThat(owner).as(where + " " + y + ": no object holds " + f).isNotNull();
            f.setAccessible(true);
            assertThat((Object) y.getValue()).as(where + " " + y + " reads " + f).isEqualTo(f.get(owner));
            Object sample = sample(f, f.get(owner));
            y.setValue(sample);
            assertThat(f.get(owner)).as(where + " " + y + " writes " + f).isEqualTo(sample);
            assertThat((Object) y.getValue()).isEqualTo(sample);
        }
        Map<String, CommandLine> subA = annotated.getSubcommands();
        Map<String, CommandLine> subB = built.getSubcommands();
        assertThat(subB.keySet()).as(where + " subcommands").containsExactlyElementsOf(subA.keySet());
        for (String s : subA.keySet()) {
            same(subA.get(s), subB.get(s), where + " " + s);
        }
    }

    private static String version(CommandLine c) {
        java.io.StringWriter w = new java.io.StringWriter();
        c.printVersionHelp(new java.io.PrintWriter(w));
        return w.toString();
    }

    private static void sameArg(ArgSpec x, ArgSpec y, String where) {
        String at = where + " " + x;
        assertThat(y.getClass()).as(at).isEqualTo(x.getClass());
        if (x instanceof OptionSpec o) {
            OptionSpec p = (OptionSpec) y;
            assertThat(p.names()).as(at).isEqualTo(o.names());
            assertThat(p.negatable()).as(at).isEqualTo(o.negatable());
            assertThat(p.fallbackValue()).as(at).isEqualTo(o.fallbackValue());
            assertThat(p.usageHelp()).as(at).isEqualTo(o.usageHelp());
            assertThat(p.versionHelp()).as(at).isEqualTo(o.versionHelp());
            assertThat(p.help()).as(at).isEqualTo(o.help());
            assertThat(p.order()).as(at).isEqualTo(o.order());
            assertThat(p.longestName()).as(at).isEqualTo(o.longestName());
        } else {
            assertThat(((PositionalParamSpec) y).index()).as(at).isEqualTo(((PositionalParamSpec) x).index());
        }
        assertThat(y.paramLabel()).as(at).isEqualTo(x.paramLabel());
        assertThat(y.hideParamSyntax()).as(at).isEqualTo(x.hideParamSyntax());
        assertThat(y.description()).as(at).isEqualTo(x.description());
        assertThat(y.descriptionKey()).as(at).isEqualTo(x.descriptionKey());
        assertThat(y.arity()).as(at).isEqualTo(x.arity());
        assertThat(y.arity().isUnspecified()).as(at).isEqualTo(x.arity().isUnspecified());
        assertThat(y.required()).as(at).isEqualTo(x.required());
        assertThat(y.hidden()).as(at).isEqualTo(x.hidden());
        assertThat(y.defaultValue()).as(at).isEqualTo(x.defaultValue());
        assertThat(y.showDefaultValue()).as(at).isEqualTo(x.showDefaultValue());
        assertThat(y.type()).as(at).isEqualTo(x.type());
        assertThat(y.auxiliaryTypes()).as(at).isEqualTo(x.auxiliaryTypes());
        assertThat(y.splitRegex()).as(at).isEqualTo(x.splitRegex());
        assertThat(y.splitRegexSynopsisLabel()).as(at).isEqualTo(x.splitRegexSynopsisLabel());
        assertThat(y.hasInitialValue()).as(at).isEqualTo(x.hasInitialValue());
        assertThat(String.valueOf((Object) y.initialValue())).as(at).isEqualTo(String.valueOf((Object) x.initialValue()));
        assertThat(y.isMultiValue()).as(at).isEqualTo(x.isMultiValue());
        assertThat(y.typeInfo().isCollection()).as(at).isEqualTo(x.typeInfo().isCollection());
        assertThat(y.typeInfo().isMap()).as(at).isEqualTo(x.typeInfo().isMap());
        assertThat(y.typeInfo().isEnum()).as(at).isEqualTo(x.typeInfo().isEnum());
        assertThat(y.typeInfo().getEnumConstantNames()).as(at).isEqualTo(x.typeInfo().getEnumConstantNames());
        assertThat(list(y.completionCandidates())).as(at).isEqualTo(list(x.completionCandidates()));
        assertThat(y.interactive()).as(at).isEqualTo(x.interactive());
        assertThat(y.converters()).as(at).hasSameSizeAs(x.converters());
    }

    private static List<String> list(Iterable<String> values) {
        List<String> l = new ArrayList<>();
        if (values != null) {
            values.forEach(l::add);
        }
        return l;
    }

    /** The object in a command (the command or one of its mixins, at any depth) that holds a field. */
    private static Object owner(Object command, Field f) throws IllegalAccessException {
        if (f.getDeclaringClass().isInstance(command)) {
            return command;
        }
        for (Field m : fields(command.getClass())) {
            if (m.isAnnotationPresent(CommandLine.Mixin.class)) {
                m.setAccessible(true);
                Object found = m.get(command) == null ? null : owner(m.get(command), f);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> all = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            all.addAll(Arrays.asList(k.getDeclaredFields()));
        }
        return all;
    }

    /** A value of a field's type that differs from the field's value now. */
    private static Object sample(Field f, Object now) {
        Class<?> t = f.getType();
        Object v;
        if (t == String.class) v = "sample";
        else if (t == Path.class) v = Path.of("sample.csv");
        else if (t == int.class || t == Integer.class) v = 7;
        else if (t == long.class || t == Long.class) v = 7L;
        else if (t == double.class || t == Double.class) v = 0.125;
        else if (t == boolean.class || t == Boolean.class) v = !Boolean.TRUE.equals(now);
        else if (t == java.math.BigDecimal.class) v = new java.math.BigDecimal("0.125");
        else if (t == float.class || t == Float.class) v = 0.125f;
        else if (t == List.class) v = new ArrayList<>(List.of("sample"));
        else if (t == Map.class) v = new TreeMap<>(Map.of("sample", "sample"));
        else if (t.isEnum()) v = t.getEnumConstants()[t.getEnumConstants().length - 1];
        else throw new AssertionError("no sample value of " + t + " for " + f + "; add one");
        assertThat(v).as("sample for " + f).isNotEqualTo(now);
        return v;
    }

    private static Object newInstance(Class<?> c) throws Exception {
        var k = c.getDeclaredConstructor();
        k.setAccessible(true);
        return k.newInstance();
    }
}
