package dev.stripesetup.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The software bill of materials (target/bom.json, CycloneDX, made at package) lists every library
 * the shaded jar holds, picocli included, so that scanners see what ships. Checked from the jar's side:
 * every class in it that is not the tool's own comes from a library the BOM lists (found by name in
 * that library's jar in the local Maven repository), and the Maven metadata libraries brought into the
 * jar (META-INF/maven/G/A/pom.properties) names only listed versions. Libraries built without Maven
 * (picocli and stripe-java are) bring no such metadata, hence the check by class.
 */
class BillOfMaterialsIT {
  static final Path BOM = Path.of("target/bom.json");
  static final Path JAR = Path.of("target/stripe-setup.jar");
  static final String OWN_GROUP = "dev.stripesetup:";

  @Test
  void theBomListsEveryLibraryInTheShadedJar() throws Exception {
    Set<String> inJar = librariesInJar();
    Set<String> inBom = librariesInBom();
    assertThat(inJar).as("libraries in the jar with Maven metadata").hasSizeGreaterThan(10);
    assertThat(inBom).containsAll(inJar)
        .contains("info.picocli:picocli:" + picocliVersion(), "com.stripe:stripe-java:" + com.stripe.Stripe.VERSION);
  }

  @Test
  void everyClassInTheJarComesFromALibraryTheBomLists() throws Exception {
    Path repository = Path.of(System.getProperty("maven.repo.local",
        System.getProperty("user.home") + "/.m2/repository"));
    Set<String> listed = new java.util.HashSet<>();
    for (String gav : librariesInBom()) {
      if (gav.startsWith(OWN_GROUP)) {
        continue; // stripe-setup-core: built in this reactor, not in the local repository; its classes are ours
      }
      String[] g = gav.split(":");
      Path jar = repository.resolve(g[0].replace('.', '/')).resolve(g[1]).resolve(g[2])
          .resolve(g[1] + "-" + g[2] + ".jar");
      assertThat(jar).as("the jar of " + gav).exists();
      listed.addAll(classesIn(jar));
      // picocli is compiled from its source jar, which also yields a package-info.class.
      Path sources = jar.resolveSibling(g[1] + "-" + g[2] + "-sources.jar");
      if (Files.exists(sources)) {
        for (String source : entriesIn(sources)) {
          if (source.endsWith(".java")) {
            listed.add(source.substring(0, source.length() - ".java".length()) + ".class");
          }
        }
      }
    }
    Set<String> unlisted = new TreeSet<>();
    for (String c : classesIn(JAR)) {
      if (!c.startsWith("dev/stripesetup/") && !listed.contains(c)) {
        unlisted.add(c);
      }
    }
    assertThat(classesIn(JAR)).hasSizeGreaterThan(5000).contains("picocli/CommandLine.class");
    assertThat(unlisted).as("classes in the shaded jar from no library the BOM lists").isEmpty();
  }

  @Test
  void theBomListsNoTestLibrary() throws Exception {
    assertThat(librariesInBom()).noneMatch(l -> l.startsWith("org.junit") || l.startsWith("org.assertj")
        || l.startsWith("info.picocli:picocli-codegen"));
  }

  static Set<String> classesIn(Path jarFile) throws Exception {
    Set<String> classes = new java.util.HashSet<>();
    for (String name : entriesIn(jarFile)) {
      if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
        classes.add(name);
      }
    }
    return classes;
  }

  static Set<String> entriesIn(Path jarFile) throws Exception {
    Set<String> entries = new java.util.HashSet<>();
    try (JarFile jar = new JarFile(jarFile.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        entries.add(e.nextElement().getName());
      }
    }
    return entries;
  }

  /** group:artifact:version of every library whose Maven metadata is in the jar, but the project's own. */
  static Set<String> librariesInJar() throws Exception {
    Set<String> libraries = new TreeSet<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
          Properties p = new Properties();
          try (InputStream in = jar.getInputStream(entry)) {
            p.load(in);
          }
          String gav = p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version");
          // The project's own modules (stripe-setup-core) are checked by class name, as the tool's own.
          if (!gav.startsWith(OWN_GROUP)) {
            libraries.add(gav);
          }
        }
      }
    }
    return libraries;
  }

  static Set<String> librariesInBom() throws Exception {
    // The CycloneDX plugin skips itself when Maven runs offline (-o); CI and plain builds are online.
    Assumptions.assumeFalse("offline=true".equals(System.getProperty("maven.offline")) && !Files.exists(BOM),
        "no target/bom.json: the CycloneDX plugin does not run offline; build without -o");
    JsonObject bom = JsonParser.parseString(Files.readString(BOM, StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(bom.get("bomFormat").getAsString()).isEqualTo("CycloneDX");
    Set<String> libraries = new TreeSet<>();
    for (JsonElement c : bom.getAsJsonArray("components")) {
      JsonObject component = c.getAsJsonObject();
      libraries.add(component.get("group").getAsString() + ":" + component.get("name").getAsString() + ":"
          + component.get("version").getAsString());
    }
    return libraries;
  }

  private static String picocliVersion() {
    return picocli.CommandLine.VERSION;
  }
}
