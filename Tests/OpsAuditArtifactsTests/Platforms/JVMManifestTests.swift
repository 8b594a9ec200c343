import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct JVMManifestTests {
    func manifest(_ result: ParseResult) -> PackageManifest? { result.artifacts.first as? PackageManifest }

    @Test func pomDependenciesWithLines() throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <groupId>com.example</groupId>
          <artifactId>shop</artifactId>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.postgresql</groupId>
                <artifactId>postgresql</artifactId>
                <version>42.7.3</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <!-- <dependency><artifactId>postgresql</artifactId></dependency> -->
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-web</artifactId>
            </dependency>
            <dependency>
              <groupId>org.postgresql</groupId>
              <artifactId>postgresql</artifactId>
              <scope>runtime</scope>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>5.10.0</version>
              <scope>test</scope>
            </dependency>
          </dependencies>
          <build><plugins><plugin><artifactId>maven-surefire-plugin</artifactId></plugin></plugins></build>
        </project>
        """
        let result = XMLManifestParser.parsePom(TextFile(path: "api/pom.xml", text: text))
        #expect(result.diagnostics.isEmpty)
        let pom = try #require(manifest(result))
        #expect(pom.ecosystem == .java)
        #expect(pom.name == "com.example:shop")
        #expect(pom.dependencies.map(\.name) == [
            "org.springframework.boot:spring-boot-starter-web", "org.postgresql:postgresql", "org.junit.jupiter:junit-jupiter",
        ])
        #expect(pom.dependencies.map(\.location.line) == [18, 22, 27])
        #expect(pom.dependencies.map(\.location.column) == [7, 7, 7])
        #expect(pom.dependencies.map(\.isDev) == [false, false, true])
        #expect(pom.dependencies.map(\.version) == [nil, nil, "5.10.0"])
    }

    @Test func csprojPackageReferences() throws {
        let text = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="8.0.4" />
            <PackageReference Include="Serilog.AspNetCore">
              <Version>8.0.1</Version>
            </PackageReference>
            <PackageReference Include="StyleCop.Analyzers" Version="1.1.118" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """
        let result = XMLManifestParser.parseProject(TextFile(path: "src/Shop.Api/Shop.Api.csproj", text: text))
        #expect(result.diagnostics.isEmpty)
        let project = try #require(manifest(result))
        #expect(project.ecosystem == .dotnet)
        #expect(project.name == "Shop.Api")
        #expect(project.dependencies.map(\.name) == ["Npgsql.EntityFrameworkCore.PostgreSQL", "Serilog.AspNetCore", "StyleCop.Analyzers"])
        #expect(project.dependencies.map(\.version) == ["8.0.4", "8.0.1", "1.1.118"])
        #expect(project.dependencies.map(\.location.line) == [4, 5, 8])
        #expect(project.dependencies.map(\.isDev) == [false, false, true])

        let tests = XMLManifestParser.parseProject(TextFile(path: "tests/Shop.Tests.csproj", text: text))
        #expect(manifest(tests)?.dependencies.allSatisfy(\.isDev) == true)
    }

    @Test func xmlProblemsAreDiagnosed() {
        let broken = XMLManifestParser.parsePom(TextFile(path: "pom.xml", text: "<project><dependencies></project>"))
        #expect(broken.diagnostics.first?.kind == .parse)
        #expect(manifest(broken)?.dependencies.isEmpty == true)
        let bomb = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <project><artifactId>&lol2;</artifactId></project>
        """
        #expect(XMLManifestParser.parsePom(TextFile(path: "pom.xml", text: bomb)).diagnostics.first?.message.contains("entity") == true)
        #expect(XMLManifestParser.parsePom(TextFile(path: "pom.xml", text: "<Project/>")).diagnostics.first?.kind == .parse)
        #expect(XMLManifestParser.parseProject(TextFile(path: "a.csproj", text: "")).diagnostics.first?.kind == .parse)
    }

    @Test func gradleDependencies() throws {
        let text = """
        plugins { id("org.springframework.boot") version "3.3.0" }
        dependencies {
            implementation("org.springframework.boot:spring-boot-starter-web")
            implementation 'org.postgresql:postgresql:42.7.3' // driver
            api(platform("org.springframework.boot:spring-boot-dependencies:3.3.0"))
            implementation(libs.flyway.core)
            implementation(project(":core"))
            runtimeOnly group: 'com.h2database', name: 'h2', version: '2.2.224'
            /* implementation("commented:out:1") */
            /*
            implementation("block:comment:1")
            */
            testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")
            classpath("not.a:dependency:1")
        }
        """
        let result = GradleParser.parse(TextFile(path: "build.gradle.kts", text: text))
        #expect(result.diagnostics.isEmpty)
        let gradle = try #require(manifest(result))
        #expect(gradle.ecosystem == .java)
        #expect(gradle.dependencies.map(\.name) == [
            "org.springframework.boot:spring-boot-starter-web", "org.postgresql:postgresql",
            "org.springframework.boot:spring-boot-dependencies", "libs.flyway.core", "com.h2database:h2",
            "org.junit.jupiter:junit-jupiter",
        ])
        #expect(gradle.dependencies.map(\.location.line) == [3, 4, 5, 6, 8, 13])
        #expect(gradle.dependencies[0].location.column == 20)
        #expect(gradle.dependencies[1].location.column == 20)
        #expect(gradle.dependencies.map(\.version) == [nil, "42.7.3", "3.3.0", nil, "2.2.224", "5.10.0"])
        #expect(gradle.dependencies.map(\.isDev) == [false, false, false, false, false, true])

        let broken = GradleParser.parse(TextFile(path: "build.gradle", text: "dependencies {\n  implementation 'a:b\n}\n"))
        #expect(broken.diagnostics.map(\.location?.line) == [2])
    }

    @Test func mixDependencies() throws {
        let text = """
        defmodule Shop.MixProject do
          use Mix.Project

          def project do
            [app: :shop, version: "0.1.0", deps: deps()]
          end

          defp deps do
            [
              {:phoenix, "~> 1.7.0"},
              {:ecto_sql, "~> 3.10"},
              # {:commented, "~> 1.0"},
              {:postgrex, ">= 0.0.0"},
              {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
              {:ex_machina, "~> 2.7", only: :test},
              {:heroicons, github: "tailwindlabs/heroicons", tag: "v2.1.1", sparse: "optimized", app: false}
            ]
          end
        end
        """
        let result = MixParser.parse(TextFile(path: "mix.exs", text: text))
        #expect(result.diagnostics.isEmpty)
        let mix = try #require(manifest(result))
        #expect(mix.ecosystem == .elixir)
        #expect(mix.name == "shop")
        #expect(mix.dependencies.map(\.name) == ["phoenix", "ecto_sql", "postgrex", "credo", "ex_machina", "heroicons"])
        #expect(mix.dependencies.map(\.location.line) == [10, 11, 13, 14, 15, 16])
        #expect(mix.dependencies.first?.location.column == 7)
        #expect(mix.dependencies.map(\.version) == ["~> 1.7.0", "~> 3.10", ">= 0.0.0", "~> 1.7", "~> 2.7", nil])
        #expect(mix.dependencies.map(\.isDev) == [false, false, false, true, true, false])

        let broken = MixParser.parse(TextFile(path: "mix.exs", text: "defmodule X do\n  defp deps do\n    [{:a, \"1\"}]\n"))
        #expect(broken.diagnostics.map(\.location?.line) == [2])
    }

    @Test func manifestsFeedTheModel() {
        let model = platformModel([
            "pom.xml": "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId></dependency></dependencies></project>",
            "mix.exs": "defp deps do\n  [{:ecto_sql, \"~> 3.0\"}]\nend\n",
        ])
        #expect(model.dependencies(.java).map(\.name) == ["g:a"])
        #expect(model.dependencies(.elixir).map(\.name) == ["ecto_sql"])
        #expect(model.databaseEvidence.map { $0.location?.description } == ["mix.exs:2"])
        let dotnet = platformModel(["Api.csproj": "<Project><ItemGroup><PackageReference Include=\"Npgsql\" /></ItemGroup></Project>"])
        #expect(dotnet.databaseEvidence.map(\.message) == ["database dependency `Npgsql`"])
    }

    @Test func corpusJVMAndDotnetManifestsParse() throws {
        // The shared corpus holds none of these today; any that appear must parse.
        for kind in [FileKind.pomXML, .csproj, .gradle, .mixExs] where Corpus.files().contains(where: { $0.file.kind == kind }) {
            try PlatformCorpusCheck.run(kind: kind) { $0.filter { $0 is PackageManifest }.count }
        }
    }
}

@Suite struct XMLWellFormednessTests {
    func line(_ text: String) -> Int? {
        XMLManifestParser.parsePom(TextFile(path: "pom.xml", text: text)).diagnostics.first?.location?.line
    }

    @Test func problemsAreLocated() {
        #expect(line("") == 1)
        #expect(line("   \n") == 1)
        #expect(line("<project>\n  <dependencies>\n</project>\n") == 3)
        #expect(line("<project>\n<a b=c/>\n</project>") == 2)
        #expect(line("<project>\n<!-- open\n") == 2)
        #expect(line("<project/>\n<second/>") == 2)
        #expect(line("<project>&nbsp;</project>") == 1)
        #expect(line("<project attr=\"x\n") == 1)
        #expect(line("<project>\n<a>\n") == 3)
        #expect(line("just text") == 1)
        #expect(line("<project>\n<?xml version=\"1.0\"?>\n</project>") == 2)
        #expect(line("<project>\n\u{1}</project>") == 2)
    }

    @Test func declaredEncodingIsIgnored() {
        // The text is decoded already; libxml2 would fail on (and FoundationXML crash over) these.
        for encoding in ["UTF-16", "bogus"] {
            let text = "<?xml version=\"1.0\" encoding=\"\(encoding)\"?>\n<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId></dependency></dependencies></project>"
            let result = XMLManifestParser.parsePom(TextFile(path: "pom.xml", text: text))
            #expect(result.diagnostics.isEmpty)
            #expect((result.artifacts.first as? PackageManifest)?.dependencies.map(\.location.line) == [2])
        }
    }

    @Test func wellFormedPasses() {
        let text = """
        <?xml version="1.0"?>
        <!DOCTYPE project>
        <!-- comment with <tags> -->
        <project a='1' b = "2">
          <x><![CDATA[ <not a tag> ]]></x>
          <y/>
          <z>&amp; &#169;</z>
        </project>

        """
        let result = XMLManifestParser.parsePom(TextFile(path: "pom.xml", text: text))
        #expect(result.diagnostics.isEmpty)
    }
}
