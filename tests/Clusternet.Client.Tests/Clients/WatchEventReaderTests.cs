using System.IO.Pipelines;
using System.Text;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Clients;

/// <summary>Watch bodies are parsed line by line as bytes arrive, and descriptors come from the type's attributes.</summary>
public sealed class WatchEventReaderTests
{
    private const string Added = """{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}""";

    [Fact]
    public async Task An_event_is_yielded_as_soon_as_its_line_arrives()
    {
        var pipe = new Pipe();
        await using var events = WatchEventReader.ReadAsync<Widget>(pipe.Reader.AsStream(), CancellationToken.None).GetAsyncEnumerator();
        var first = events.MoveNextAsync().AsTask();

        // Half a line first: nothing may be yielded yet.
        var bytes = Encoding.UTF8.GetBytes(Added + "\n");
        await pipe.Writer.WriteAsync(bytes.AsMemory(0, 20));
        await Task.Yield();
        Assert.False(first.IsCompleted);
        await pipe.Writer.WriteAsync(bytes.AsMemory(20));

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((WatchEventType.Added, "a"), (events.Current.Type, events.Current.Object.Metadata.Name));
        await pipe.Writer.CompleteAsync();
        Assert.False(await events.MoveNextAsync());
    }

    [Fact]
    public async Task Events_larger_than_the_buffer_and_blank_lines_are_read()
    {
        var big = new string('x', 100_000);
        var body = "\r\n" + Added + "\r\n\n" + "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"" + big + "\"}}}" + "\n";
        var events = await WatchEventReader.ReadAsync<Widget>(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None).ToListAsync();
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified], events.Select(e => e.Type));
        Assert.Equal(big, events[1].Object.Metadata.Name);
    }

    [Fact]
    public async Task A_stream_cut_inside_an_event_is_an_IOException()
    {
        var body = Added + "\n" + Added[..30];
        await Assert.ThrowsAsync<IOException>(async () =>
            await WatchEventReader.ReadAsync<Widget>(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None).ToListAsync());
    }

    [Fact]
    public void Descriptors_come_from_the_entity_and_custom_resource_attributes()
    {
        Assert.Equal(new ResourceDescriptor("test.clusternet.io", "v1", "widgets", "Widget", true), ResourceDescriptor.For<Widget>());
        Assert.False(ResourceDescriptor.For<Gadget>().Namespaced);
        Assert.Equal("v1", ResourceDescriptor.For<V1ConfigMap>(namespaced: true).ApiVersion);
    }

    [Fact]
    public void A_scope_must_be_given_for_types_without_a_custom_resource_attribute_and_must_not_contradict_one()
    {
        Assert.Throws<InvalidOperationException>(() => ResourceDescriptor.For<V1ConfigMap>());
        Assert.Throws<InvalidOperationException>(() => ResourceDescriptor.For<Gadget>(namespaced: true));
    }
}
