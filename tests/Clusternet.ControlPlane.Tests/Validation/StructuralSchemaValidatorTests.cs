using Clusternet.ControlPlane.Validation;
using static Clusternet.ControlPlane.Tests.Validation.SchemaText;

namespace Clusternet.ControlPlane.Tests.Validation;

public sealed class StructuralSchemaValidatorTests
{
    private static readonly StructuralSchemaValidator Validator = new();

    private static string[] Errors(string schema, string value) =>
        [.. Validator.Validate(Schema(schema), Json(value)).Select(e => e.ToString())];

    private static string[] ErrorsOf(string propertySchema, string propertyValue) =>
        Errors("{'type':'object','properties':{'v':" + propertySchema + "}}", "{'v':" + propertyValue + "}");

    [Fact]
    public void ValidObjectHasNoErrors() =>
        Assert.Empty(Errors("{'type':'object','properties':{'spec':{'type':'object','properties':{'name':{'type':'string'}}}}}", "{'spec':{'name':'a'}}"));

    [Fact]
    public void StringFieldRejectsIntegerNamingTheActualType() =>
        Assert.Equal(["v: Invalid value: \"integer\": v in body must be of type string: \"integer\""], ErrorsOf("{'type':'string'}", "5"));

    [Fact]
    public void TypeErrorHasTypeInvalidReason() =>
        Assert.Equal("FieldValueTypeInvalid", Validator.Validate(Schema("{'type':'string'}"), Json("5")).Single().Type.Reason);

    [Fact]
    public void IntegerFieldRejectsFractionWithTheRangeCheckError() =>
        Assert.Equal(
            ["v: Invalid value: \"number\": v in body must be of type integer: \"number\"",
             "<nil>: Invalid value: \"\": Checked value must be of type integer (default format) in v"],
            ErrorsOf("{'type':'integer'}", "1.5"));

    [Fact]
    public void IntegerFieldAcceptsIntegralFloat() => Assert.Empty(ErrorsOf("{'type':'integer'}", "2.0"));

    [Fact]
    public void NumberFieldAcceptsInteger() => Assert.Empty(ErrorsOf("{'type':'number'}", "2"));

    [Fact]
    public void BooleanFieldRejectsString() =>
        Assert.Equal(["v: Invalid value: \"string\": v in body must be of type boolean: \"string\""], ErrorsOf("{'type':'boolean'}", "'true'"));

    [Fact]
    public void NullIsRejectedInNonNullableField() =>
        Assert.Equal(["v: Invalid value: \"null\": v in body must be of type string: \"null\""], ErrorsOf("{'type':'string'}", "null"));

    [Fact]
    public void NullIsAcceptedInNullableField() => Assert.Empty(ErrorsOf("{'type':'string','nullable':true}", "null"));

    [Fact]
    public void EachMissingRequiredFieldIsAnError() =>
        Assert.Equal(
            ["spec.feeds: Required value", "spec.subscribers: Required value"],
            Errors("{'type':'object','properties':{'spec':{'type':'object','required':['feeds','subscribers'],'properties':{'feeds':{'type':'array'},'subscribers':{'type':'array'}}}}}", "{'spec':{}}"));

    [Fact]
    public void ListItemsAreNamedByIndex() =>
        Assert.Equal(
            ["spec.subscribers[1].clusterAffinity: Required value"],
            Errors("{'type':'object','properties':{'spec':{'type':'object','properties':{'subscribers':{'type':'array','items':{'type':'object','required':['clusterAffinity'],'properties':{'clusterAffinity':{'type':'object'}}}}}}}}",
                "{'spec':{'subscribers':[{'clusterAffinity':{}},{}]}}"));

    [Fact]
    public void MapValuesAreValidatedAgainstAdditionalProperties() =>
        Assert.Equal(
            ["v.app: Invalid value: \"integer\": v.app in body must be of type string: \"integer\""],
            ErrorsOf("{'type':'object','additionalProperties':{'type':'string'}}", "{'app':1}"));

    [Fact]
    public void AdditionalPropertiesFalseForbidsUnknownKeys() =>
        Assert.Equal(
            ["v: Invalid value: \"extra\": v.extra in body is a forbidden property"],
            ErrorsOf("{'type':'object','additionalProperties':false,'properties':{'a':{'type':'string'}}}", "{'a':'x','extra':1}"));

    [Fact]
    public void EnumRejectsOtherValuesListingSupportedOnes() =>
        Assert.Equal(
            ["v: Unsupported value: \"Foo\": supported values: \"Replication\", \"Dividing\""],
            ErrorsOf("{'type':'string','enum':['Replication','Dividing']}", "'Foo'"));

    [Fact]
    public void EnumComparesNumbersByValue() => Assert.Empty(ErrorsOf("{'type':'number','enum':[1,2]}", "1.0"));

    [Fact]
    public void EnumShowsNonStringValuesAsJson() =>
        Assert.Equal(["v: Unsupported value: 3: supported values: \"1\", \"2\""], ErrorsOf("{'type':'integer','enum':[1,2]}", "3"));

    [Fact]
    public void PatternMismatchIsInvalid() =>
        Assert.Equal(["v: Invalid value: \"x\": v in body should match '[0-9]+'"], ErrorsOf("{'type':'string','pattern':'[0-9]+'}", "'x'"));

    [Fact]
    public void PatternIsUnanchored() => Assert.Empty(ErrorsOf("{'type':'string','pattern':'[0-9]+'}", "'ab12cd'"));

    [Fact]
    public void PatternDollarMeansEndOfText() => Assert.Single(ErrorsOf("{'type':'string','pattern':'^a$'}", "'a\\n'"));

    [Fact]
    public void PatternDigitClassIsAsciiOnly() => Assert.Single(ErrorsOf("{'type':'string','pattern':'^\\\\d$'}", "'\u0663'"));

    [Fact]
    public void PatternWithUnicodeClassFallsBackToDefaultRegexOptions() => Assert.Empty(ErrorsOf("{'type':'string','pattern':'^\\\\p{L}+$'}", "'\u00e9t\u00e9'"));

    [Fact]
    public void MaxLengthCountsCodePoints() => Assert.Empty(ErrorsOf("{'type':'string','maxLength':2}", "'\ud83d\ude00\ud83d\ude00'"));

    [Fact]
    public void TooLongStringOmitsTheValue() =>
        Assert.Equal(["v: Too long: may not be more than 2 bytes"], ErrorsOf("{'type':'string','maxLength':2}", "'abc'"));

    [Fact]
    public void TooShortStringIsInvalid() =>
        Assert.Equal(["v: Invalid value: \"a\": v in body should be at least 2 chars long"], ErrorsOf("{'type':'string','minLength':2}", "'a'"));

    [Fact]
    public void StringChecksStopAtTheFirstFailure() =>
        Assert.Equal(["v: Too long: may not be more than 1 byte"], ErrorsOf("{'type':'string','maxLength':1,'pattern':'^[0-9]+$'}", "'ab'"));

    [Fact]
    public void TooFewItemsIsInvalid() =>
        Assert.Equal(["v: Invalid value: 1: v in body should have at least 2 items"], ErrorsOf("{'type':'array','minItems':2,'items':{'type':'string'}}", "['a']"));

    [Fact]
    public void TooManyItemsShowsTheCount() =>
        Assert.Equal(["v: Too many: 3: must have at most 2 items"], ErrorsOf("{'type':'array','maxItems':2,'items':{'type':'string'}}", "['a','b','c']"));

    [Fact]
    public void DuplicateItemsViolateUniqueItems() =>
        Assert.Equal(["v: Invalid value: \"\": v in body shouldn't contain duplicates"], ErrorsOf("{'type':'array','uniqueItems':true,'items':{'type':'integer'}}", "[1,2,1]"));

    [Fact]
    public void BelowMinimumIsInvalid() =>
        Assert.Equal(["v: Invalid value: 0: v in body should be greater than or equal to 1"], ErrorsOf("{'type':'integer','minimum':1}", "0"));

    [Fact]
    public void ExclusiveMinimumExcludesTheBound() =>
        Assert.Equal(["v: Invalid value: 1: v in body should be greater than 1"], ErrorsOf("{'type':'integer','minimum':1,'exclusiveMinimum':true}", "1"));

    [Fact]
    public void AboveMaximumIsInvalid() =>
        Assert.Equal(["v: Invalid value: 11: v in body should be less than or equal to 10"], ErrorsOf("{'type':'integer','maximum':10}", "11"));

    [Fact]
    public void ExclusiveMaximumExcludesTheBound() =>
        Assert.Equal(["v: Invalid value: 10: v in body should be less than 10"], ErrorsOf("{'type':'integer','maximum':10,'exclusiveMaximum':true}", "10"));

    [Fact]
    public void FractionalBoundsPrintAsGoFloats() =>
        Assert.Equal(["v: Invalid value: 0.5: v in body should be greater than or equal to 1.5"], ErrorsOf("{'type':'number','minimum':1.5}", "0.5"));

    [Fact]
    public void NonMultipleIsInvalid() =>
        Assert.Equal(["v: Invalid value: 7: v in body should be a multiple of 5"], ErrorsOf("{'type':'integer','multipleOf':5}", "7"));

    [Fact]
    public void FractionalMultipleOfAcceptsExactMultiples() => Assert.Empty(ErrorsOf("{'type':'number','multipleOf':0.5}", "2.5"));

    [Fact]
    public void ByteFormatRejectsNonBase64() =>
        Assert.Equal(["v: Invalid value: \"!!\": v in body must be of type byte: \"!!\""], ErrorsOf("{'type':'string','format':'byte'}", "'!!'"));

    [Fact]
    public void ByteFormatAcceptsPaddedBase64() => Assert.Empty(ErrorsOf("{'type':'string','format':'byte'}", "'aGk='"));

    [Fact]
    public void DateTimeFormatAcceptsRfc3339() => Assert.Empty(ErrorsOf("{'type':'string','format':'date-time'}", "'2024-01-02T03:04:05.123+02:00'"));

    [Fact]
    public void DateTimeFormatRejectsImpossibleMonth() =>
        Assert.Equal(
            ["v: Invalid value: \"2024-13-02T03:04:05Z\": v in body must be of type date-time: \"2024-13-02T03:04:05Z\""],
            ErrorsOf("{'type':'string','format':'date-time'}", "'2024-13-02T03:04:05Z'"));

    [Fact]
    public void UuidFormatRejectsOtherText() => Assert.Single(ErrorsOf("{'type':'string','format':'uuid'}", "'not-a-uuid'"));

    [Fact]
    public void UuidFormatAcceptsUppercase() => Assert.Empty(ErrorsOf("{'type':'string','format':'uuid'}", "'DC91021D-2361-4F6D-A404-7C33B9E01118'"));

    [Fact]
    public void Int32FormatIsNotRangeCheckedAsInKubeApiserver() => Assert.Empty(ErrorsOf("{'type':'integer','format':'int32'}", "1099511627776"));

    [Fact]
    public void IntegerBeyondInt64IsRejectedAsNumber() =>
        Assert.Contains("v: Invalid value: \"number\": v in body must be of type integer: \"number\"", ErrorsOf("{'type':'integer','format':'int64'}", "99999999999999999999"));

    [Fact]
    public void UnknownFormatIsIgnored() => Assert.Empty(ErrorsOf("{'type':'string','format':'no-such-format'}", "'x'"));

    [Fact]
    public void IntOrStringAcceptsInteger() => Assert.Empty(ErrorsOf("{'x-kubernetes-int-or-string':true,'anyOf':[{'type':'integer'},{'type':'string'}]}", "8080"));

    [Fact]
    public void IntOrStringAcceptsString() => Assert.Empty(ErrorsOf("{'x-kubernetes-int-or-string':true,'anyOf':[{'type':'integer'},{'type':'string'}]}", "'50%'"));

    [Fact]
    public void IntOrStringRejectsBooleanWithTypeAndAnyOfErrors() =>
        Assert.Equal(
            ["v: Invalid value: \"boolean\": v in body must be of type integer,string: \"boolean\"",
             "<nil>: Invalid value: \"\": \"v\" must validate at least one schema (anyOf)",
             "v: Invalid value: \"boolean\": v in body must be of type integer: \"boolean\""],
            ErrorsOf("{'x-kubernetes-int-or-string':true,'anyOf':[{'type':'integer'},{'type':'string'}]}", "true"));

    [Fact]
    public void OneOfWithNoMatchingBranchIsAnError() =>
        Assert.Contains(
            "<nil>: Invalid value: \"\": \"v\" must validate one and only one schema (oneOf). Found none valid",
            ErrorsOf("{'type':'object','oneOf':[{'required':['a']},{'required':['b']}]}", "{}"));

    [Fact]
    public void OneOfWithTwoMatchingBranchesIsAnError() =>
        Assert.Equal(
            ["<nil>: Invalid value: \"\": \"v\" must validate one and only one schema (oneOf). Found 2 valid alternatives"],
            ErrorsOf("{'type':'object','oneOf':[{'required':['a']},{'required':['b']}]}", "{'a':1,'b':2}"));

    [Fact]
    public void AllOfReportsEveryFailingBranch() =>
        Assert.Equal(
            ["v.a: Required value", "<nil>: Invalid value: \"\": \"v\" must validate all the schemas (allOf)"],
            ErrorsOf("{'type':'object','allOf':[{'required':['a']},{'required':['b']}]}", "{'b':1}"));

    [Fact]
    public void NotRejectsMatchingValue() =>
        Assert.Equal(
            ["<nil>: Invalid value: \"\": \"v\" must not validate the schema (not)"],
            ErrorsOf("{'type':'object','not':{'required':['a']}}", "{'a':1}"));

    [Fact]
    public void PreserveUnknownFieldsWithoutTypeAcceptsAnyValue() =>
        Assert.Empty(ErrorsOf("{'x-kubernetes-preserve-unknown-fields':true}", "{'any':[1,'two',{'three':null}]}"));

    [Fact]
    public void UnknownFieldsUnderPreserveUnknownFieldsAreNotValidated() =>
        Assert.Empty(ErrorsOf("{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{'a':{'type':'string'}}}", "{'a':'x','b':5}"));

    [Fact]
    public void EmbeddedResourceRequiresApiVersionAndKind() =>
        Assert.Equal(
            ["v.apiVersion: Required value", "v.kind: Required value"],
            ErrorsOf("{'type':'object','x-kubernetes-embedded-resource':true,'x-kubernetes-preserve-unknown-fields':true}", "{'metadata':{}}"));

    [Fact]
    public void EmbeddedResourceKindMustBeADns1035LabelIgnoringCase() =>
        Assert.Equal(
            ["v.kind: Invalid value: \"Foo_Bar\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            ErrorsOf("{'type':'object','x-kubernetes-embedded-resource':true,'x-kubernetes-preserve-unknown-fields':true}", "{'apiVersion':'v1','kind':'Foo_Bar'}"));

    [Fact]
    public void EmbeddedResourceApiVersionMustParse() =>
        Assert.Equal(
            ["v.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c"],
            ErrorsOf("{'type':'object','x-kubernetes-embedded-resource':true,'x-kubernetes-preserve-unknown-fields':true}", "{'apiVersion':'a/b/c','kind':'Pod'}"));

    [Fact]
    public void SetListRejectsRepeatedValueAtItsSecondIndex() =>
        Assert.Equal(["v[2]: Duplicate value: \"a\""], ErrorsOf("{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}", "['a','b','a','a']"));

    [Fact]
    public void MapListRejectsRepeatedKey() =>
        Assert.Equal(
            ["v[1]: Duplicate value: {\"name\":\"http\"}"],
            ErrorsOf("{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],'items':{'type':'object','properties':{'name':{'type':'string'},'port':{'type':'integer'}}}}",
                "[{'name':'http','port':80},{'name':'http','port':81}]"));

    [Fact]
    public void MapListWithSeveralKeysComparesAllOfThem() =>
        Assert.Empty(
            ErrorsOf("{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name','protocol'],'items':{'type':'object','properties':{'name':{'type':'string'},'protocol':{'type':'string'}}}}",
                "[{'name':'dns','protocol':'TCP'},{'name':'dns','protocol':'UDP'}]"));

    [Fact]
    public void ListTypeErrorsBracketMapKeys() =>
        Assert.Equal(
            ["v[team][1]: Duplicate value: \"x\""],
            ErrorsOf("{'type':'object','additionalProperties':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}}", "{'team':['x','x']}"));

    [Fact]
    public void RootPathPrefixesFieldsAndMessages() =>
        Assert.Equal(
            ["spec.name: Invalid value: \"integer\": spec.name in body must be of type string: \"integer\""],
            Validator.Validate(Schema("{'type':'object','properties':{'name':{'type':'string'}}}"), Json("{'name':1}"), "spec").Select(e => e.ToString()));

    [Fact]
    public void CrdReadFromYamlValidatesLikeOneReadFromJson()
    {
        var crd = k8s.KubernetesYaml.Deserialize<k8s.Models.V1JSONSchemaProps>(
            "type: object\nproperties:\n  list:\n    type: array\n    items:\n      type: integer\n      enum: [1, 2]\n  labels:\n    type: object\n    additionalProperties:\n      type: string\n");
        Assert.Equal(
            ["list[0]: Unsupported value: 3: supported values: \"1\", \"2\"", "labels.a: Invalid value: \"integer\": labels.a in body must be of type string: \"integer\""],
            Validator.Validate(crd, Json("{'list':[3],'labels':{'a':1}}")).Select(e => e.ToString()));
    }
}
