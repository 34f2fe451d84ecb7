using Clusternet.Client.Tests.Schema.Models;
using Clusternet.CrdGen;

namespace Clusternet.Client.Tests.Schema;

/// <summary>Writing deploy/crds and checking it (<c>--check</c>) agree, file by file.</summary>
public sealed class CrdDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crdgen-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string> _files =
        CrdDirectory.Render(new CustomResourceDefinitionGenerator().Generate(typeof(Gadget).Assembly).Where(c => c.Spec.Group == Gadget.KubeGroup));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void FilesAreNamedGroupUnderscorePlural()
    {
        Assert.Equal(
            ["testing.clusternet.io_gadgets.yaml", "testing.clusternet.io_gizmos.yaml", "testing.clusternet.io_widgets.yaml"],
            _files.Keys);
    }

    [Fact]
    public async Task AbsentFolderMissesEveryFile()
    {
        Assert.Equal(_files.Keys, await CrdDirectory.DifferencesAsync(_files, _directory));
    }

    [Fact]
    public async Task WrittenFolderHasNoDifference()
    {
        await CrdDirectory.WriteAsync(_files, _directory);

        Assert.Empty(await CrdDirectory.DifferencesAsync(_files, _directory));
    }

    [Fact]
    public async Task EditedFileIsReported()
    {
        await CrdDirectory.WriteAsync(_files, _directory);
        await File.AppendAllTextAsync(Path.Combine(_directory, "testing.clusternet.io_gizmos.yaml"), "# edited\n");

        Assert.Equal(["testing.clusternet.io_gizmos.yaml"], await CrdDirectory.DifferencesAsync(_files, _directory));
    }

    [Fact]
    public async Task StaleGeneratedFileIsReportedAndDeletedOnWrite()
    {
        await CrdDirectory.WriteAsync(_files, _directory);
        var fewer = _files.Where(f => f.Key != "testing.clusternet.io_widgets.yaml").ToDictionary();

        Assert.Equal(["testing.clusternet.io_widgets.yaml"], await CrdDirectory.DifferencesAsync(fewer, _directory));
        Assert.Equal(["testing.clusternet.io_widgets.yaml"], await CrdDirectory.WriteAsync(fewer, _directory));
        Assert.False(File.Exists(Path.Combine(_directory, "testing.clusternet.io_widgets.yaml")));
    }

    [Fact]
    public async Task ForeignYamlIsReportedButNeverDeleted()
    {
        await CrdDirectory.WriteAsync(_files, _directory);
        var foreign = Path.Combine(_directory, "hand-written.yaml");
        await File.WriteAllTextAsync(foreign, "kind: ConfigMap\n");

        await CrdDirectory.WriteAsync(_files, _directory);

        Assert.True(File.Exists(foreign));
        Assert.Equal(["hand-written.yaml"], await CrdDirectory.DifferencesAsync(_files, _directory));
    }
}
