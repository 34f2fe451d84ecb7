// Usage: Clusternet.ControlPlane.StorageCrashHost <data directory> [writers]
// Prints "ready", then the key of every create once the store has acknowledged it, one per line
// (stdout flushes per line), and keeps writing until the process is killed.
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Storage;

var directory = args[0];
var writers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
var store = await SqliteObjectStore.OpenAsync(directory);
var output = Console.Out; // synchronized, AutoFlush
output.WriteLine("ready");

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var key = new StorageKey("/configmaps", "crash", $"w{writer}-{i}");
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = key.Name, ["namespace"] = key.Namespace },
            ["data"] = new JsonObject { ["payload"] = new string('x', 512) },
        };
        await store.CreateAsync(key, obj);
        output.WriteLine(key.Name);
    }
})));
