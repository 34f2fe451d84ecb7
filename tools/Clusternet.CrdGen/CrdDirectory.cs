using k8s.Models;

namespace Clusternet.CrdGen;

/// <summary>
/// The folder of generated CRD files (<c>deploy/crds</c>): one <c>&lt;group&gt;_&lt;plural&gt;.yaml</c>
/// per CRD, upstream's file names. Writes them, and tells which committed files differ from
/// what would be generated (the <c>--check</c> of CI).
/// </summary>
public static class CrdDirectory
{
    /// <summary>The file name of a CRD: <c>&lt;group&gt;_&lt;plural&gt;.yaml</c>.</summary>
    public static string FileName(V1CustomResourceDefinition crd) => $"{crd.Spec.Group}_{crd.Spec.Names.Plural}.yaml";

    /// <summary>The generated files by name, in ordinal order.</summary>
    public static IReadOnlyDictionary<string, string> Render(IEnumerable<V1CustomResourceDefinition> crds)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var crd in crds)
        {
            var name = FileName(crd);
            if (!files.TryAdd(name, CrdYamlWriter.Write(crd)))
            {
                throw new InvalidOperationException($"two kinds generate {name}");
            }
        }

        return files;
    }

    /// <summary>
    /// Writes the files into <paramref name="directory"/> (created if needed) and deletes the
    /// files an earlier run generated that no kind produces any more. Files without the
    /// generator's header are never deleted (<see cref="DifferencesAsync"/> still reports them).
    /// </summary>
    /// <returns>The names of the files written or deleted.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(
        IReadOnlyDictionary<string, string> files, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var changed = new List<string>();
        foreach (var name in await DifferencesAsync(files, directory, cancellationToken))
        {
            var path = Path.Combine(directory, name);
            if (files.TryGetValue(name, out var content))
            {
                await File.WriteAllTextAsync(path, content, cancellationToken);
            }
            else if (await IsGeneratedAsync(path, cancellationToken))
            {
                File.Delete(path);
            }
            else
            {
                continue;
            }

            changed.Add(name);
        }

        return changed;
    }

    /// <summary>
    /// The file names in which <paramref name="directory"/> differs from <paramref name="files"/>:
    /// missing, different, or a YAML file no kind generates (a stale generated file, or a stray one
    /// that would otherwise be embedded into Clusternet.Runtime). Empty when the folder is up to
    /// date; an absent folder counts as empty.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(
        IReadOnlyDictionary<string, string> files, string directory, CancellationToken cancellationToken = default)
    {
        var differences = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path) || !string.Equals(await File.ReadAllTextAsync(path, cancellationToken), content, StringComparison.Ordinal))
            {
                differences.Add(name);
            }
        }

        if (Directory.Exists(directory))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*.yaml"))
            {
                var name = Path.GetFileName(path);
                if (!files.ContainsKey(name))
                {
                    differences.Add(name);
                }
            }
        }

        return [.. differences];
    }

    private static async Task<bool> IsGeneratedAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        return await reader.ReadLineAsync(cancellationToken) == CrdYamlWriter.Header;
    }
}
