using Clusternet.ControlPlane.Selectors;

namespace Clusternet.ControlPlane.Tests.Selectors;

public sealed class LabelSelectorParseTests
{
    [Theory]
    [InlineData("a=b", "a", LabelSelectorOperator.Equals, new[] { "b" })]
    [InlineData("a==b", "a", LabelSelectorOperator.DoubleEquals, new[] { "b" })]
    [InlineData("a!=b", "a", LabelSelectorOperator.NotEquals, new[] { "b" })]
    [InlineData("a in (b,c)", "a", LabelSelectorOperator.In, new[] { "b", "c" })]
    [InlineData("a notin (c,b)", "a", LabelSelectorOperator.NotIn, new[] { "b", "c" })]
    [InlineData("a", "a", LabelSelectorOperator.Exists, new string[0])]
    [InlineData("!a", "a", LabelSelectorOperator.DoesNotExist, new string[0])]
    [InlineData("a>5", "a", LabelSelectorOperator.GreaterThan, new[] { "5" })]
    [InlineData("a<5", "a", LabelSelectorOperator.LessThan, new[] { "5" })]
    [InlineData("example.com/a-b_c.d=x", "example.com/a-b_c.d", LabelSelectorOperator.Equals, new[] { "x" })]
    public void Each_operator_parses_to_its_requirement(string text, string key, LabelSelectorOperator op, string[] values)
    {
        var requirement = Assert.Single(LabelSelector.Parse(text).Requirements);

        Assert.Equal(key, requirement.Key);
        Assert.Equal(op, requirement.Operator);
        Assert.Equal(values, requirement.Values);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Empty_or_blank_text_selects_everything(string? text)
    {
        var selector = LabelSelector.Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["x"] = "y" }));
    }

    [Fact]
    public void Commas_join_requirements_sorted_by_key()
    {
        var selector = LabelSelector.Parse("z=1,!y,a in (x)");

        Assert.Equal(["a", "y", "z"], selector.Requirements.Select(r => r.Key));
    }

    [Theory]
    [InlineData("  a = b ,  c  in  ( x , y ) ,!  d", "a=b,c in (x,y),!d")]
    [InlineData("a\tnotin\n(x)", "a notin (x)")]
    [InlineData("a=", "a=")]
    [InlineData("a=,b", "a=,b")]
    [InlineData("a in ()", "a in ()")]
    [InlineData("a in (,x)", "a in (,x)")]
    [InlineData("a in (x,)", "a in (,x)")]
    [InlineData("a in (x,,y)", "a in (,x,y)")]
    [InlineData("a in (x,x)", "a in (x)")]
    [InlineData("in in (in,notin)", "in in (in,notin)")]
    [InlineData("notin=in", "notin=in")]
    [InlineData("x!=y", "x!=y")]
    [InlineData("x>10,x<20", "x>10,x<20")]
    public void Whitespace_and_value_sets_follow_apimachinery(string text, string canonical)
    {
        Assert.Equal(canonical, LabelSelector.Parse(text).ToString());
    }

    [Theory]
    [InlineData("a,", "found '', expected: identifier after ','")]
    [InlineData(",a", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a=b c", "found 'c', expected: ',' or 'end of string'")]
    [InlineData("!a=b", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a!b", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a in b", "unable to parse requirement: found 'b' expected: '('")]
    [InlineData("a in (b", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [InlineData("a in (b,=)", "unable to parse requirement: found '=', expected: ',', or identifier")]
    [InlineData("a==(", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!!a", "unable to parse requirement: found '!', expected: identifier")]
    [InlineData("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Malformed_text_gives_apimachinerys_message(string text, string message)
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Invalid_key_name_gives_the_name_rule()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("a_=b"));

        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"a_\": name part must consist of alphanumeric characters, '-', '_' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
            "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            error.Message);
    }

    [Fact]
    public void Key_name_longer_than_63_bytes_is_rejected()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(new string('a', 64)));

        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"" + new string('a', 64) + "\": name part must be no more than 63 bytes",
            error.Message);
    }

    [Fact]
    public void Key_prefix_must_be_a_lowercase_subdomain()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("Example.com/a"));

        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of " +
            "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
            "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            error.Message);
    }

    [Fact]
    public void Empty_prefix_and_empty_name_are_both_reported()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("/"));

        Assert.StartsWith(
            "unable to parse requirement: <nil>: Invalid value: \"/\": prefix part must be non-empty; name part must be non-empty; name part must consist",
            error.Message);
    }

    [Fact]
    public void Key_with_two_slashes_gets_the_whole_key_rule()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("a/b/c"));

        Assert.EndsWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", error.Message);
        Assert.StartsWith("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of", error.Message);
    }

    [Fact]
    public void Prefix_up_to_253_bytes_is_accepted()
    {
        var prefix = string.Join('.', Enumerable.Repeat(new string('p', 63), 4))[..253];

        Assert.Equal(prefix + "/n", Assert.Single(LabelSelector.Parse(prefix + "/n").Requirements).Key);
    }

    [Fact]
    public void Invalid_value_names_its_index_and_key()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("k=-x"));

        Assert.Equal(
            "unable to parse requirement: values[0][k]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric " +
            "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', " +
            "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            error.Message);
    }

    [Fact]
    public void Value_longer_than_63_bytes_is_rejected()
    {
        var value = new string('v', 64);

        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("k=" + value));

        Assert.Equal($"unable to parse requirement: values[0][k]: Invalid value: \"{value}\": must be no more than 63 bytes", error.Message);
    }

    [Fact]
    public void Invalid_value_in_a_set_is_indexed_in_sorted_order()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("k in (b,a,_c)"));

        Assert.StartsWith("unable to parse requirement: values[0][k]: Invalid value: \"_c\"", error.Message);
    }

    [Fact]
    public void Several_failures_of_one_requirement_are_bracketed()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("k>_x"));

        Assert.StartsWith(
            "unable to parse requirement: [values[0]: Invalid value: \"_x\": for 'Gt', 'Lt' operators, the value must be an integer, " +
            "values[0][k]: Invalid value: \"_x\": a valid label",
            error.Message);
        Assert.EndsWith("')]", error.Message);
    }
}
