using Clusternet.Apis.Schema;
using Clusternet.CrdGen;

// dotnet run --project tools/Clusternet.CrdGen -- [outputDir] [--check]
// Generates deploy/crds/<group>_<plural>.yaml from Clusternet.Client's models; with --check,
// writes nothing and exits 1 listing the files that differ from what would be generated.
var check = args.Contains("--check");
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (positional.Length > 1 || args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--check"))
{
    Console.Error.WriteLine("usage: Clusternet.CrdGen [outputDir] [--check]");
    return 2;
}

var directory = positional.Length == 1 ? Path.GetFullPath(positional[0]) : Path.Combine(RepositoryRoot(), "deploy", "crds");
var crds = new CustomResourceDefinitionGenerator().Generate(typeof(CustomResourceAttribute).Assembly);
var files = CrdDirectory.Render(crds);

if (check)
{
    var differences = await CrdDirectory.DifferencesAsync(files, directory);
    if (differences.Count == 0)
    {
        Console.WriteLine($"{directory}: {files.Count} CRD file(s) up to date");
        return 0;
    }

    Console.Error.WriteLine($"{directory} differs from the models (run: dotnet run --project tools/Clusternet.CrdGen):");
    foreach (var name in differences)
    {
        Console.Error.WriteLine("  " + name);
    }

    return 1;
}

var changed = await CrdDirectory.WriteAsync(files, directory);
Console.WriteLine($"{directory}: {files.Count} CRD file(s), {changed.Count} changed");
foreach (var name in changed)
{
    Console.WriteLine("  " + name);
}

return 0;

// The working directory first (dotnet run from the repository), then the tool's own location.
static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusternet.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("Clusternet.sln not found above the working directory; pass the output folder.");
}
