"""Made by `python -m render.compiledschema` with fastjsonschema 2.22.3: do not edit."""
# ruff: noqa
# mypy: ignore-errors
SCHEMA_DIGEST = 'cf75296f769f74be93584530f6b164ce'
FUNCTION = 'validate'

from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^(?:/|$)': re.compile('^(?:/|\\Z)'),
    '^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z'),
    '^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z'),
    '^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$': re.compile('^(?:(?=.{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?\\Z')
}

NoneType = type(None)

def validate(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['apiVersion', 'kind', 'metadata', 'spec']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "apiVersion" in data_keys:
            data_keys.remove("apiVersion")
            data__apiVersion = data["apiVersion"]
            if not (isinstance(data__apiVersion, str) and data__apiVersion == 'policy.karmada.io/v1alpha1'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".apiVersion must be one of ['policy.karmada.io/v1alpha1']")
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'OverridePolicy'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['OverridePolicy']")
        if "metadata" in data_keys:
            data_keys.remove("metadata")
            data__metadata = data["metadata"]
            validate___definitions_objectmeta(data__metadata, custom_formats, (name_prefix or "data") + ".metadata")
        if "spec" in data_keys:
            data_keys.remove("spec")
            data__spec = data["spec"]
            validate___definitions_overridespec(data__spec, custom_formats, (name_prefix or "data") + ".spec")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_overridespec(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "resourceSelectors" in data_keys:
            data_keys.remove("resourceSelectors")
            data__resourceSelectors = data["resourceSelectors"]
            if not isinstance(data__resourceSelectors, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resourceSelectors must be array")
            data__resourceSelectors_is_list = isinstance(data__resourceSelectors, (list, tuple))
            if data__resourceSelectors_is_list:
                data__resourceSelectors_len = len(data__resourceSelectors)
                for data__resourceSelectors_x, data__resourceSelectors_item in enumerate(data__resourceSelectors):
                    validate___definitions_resourceselector(data__resourceSelectors_item, custom_formats, (name_prefix or "data") + ".resourceSelectors[{data__resourceSelectors_x}]".format(**locals()))
        if "overrideRules" in data_keys:
            data_keys.remove("overrideRules")
            data__overrideRules = data["overrideRules"]
            if not isinstance(data__overrideRules, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".overrideRules must be array")
            data__overrideRules_is_list = isinstance(data__overrideRules, (list, tuple))
            if data__overrideRules_is_list:
                data__overrideRules_len = len(data__overrideRules)
                for data__overrideRules_x, data__overrideRules_item in enumerate(data__overrideRules):
                    validate___definitions_rulewithcluster(data__overrideRules_item, custom_formats, (name_prefix or "data") + ".overrideRules[{data__overrideRules_x}]".format(**locals()))
        if "targetCluster" in data_keys:
            data_keys.remove("targetCluster")
            data__targetCluster = data["targetCluster"]
            validate___definitions_clusteraffinity(data__targetCluster, custom_formats, (name_prefix or "data") + ".targetCluster")
        if "overriders" in data_keys:
            data_keys.remove("overriders")
            data__overriders = data["overriders"]
            validate___definitions_overriders(data__overriders, custom_formats, (name_prefix or "data") + ".overriders")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_overriders(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "plaintext" in data_keys:
            data_keys.remove("plaintext")
            data__plaintext = data["plaintext"]
            if not isinstance(data__plaintext, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".plaintext must be array")
            data__plaintext_is_list = isinstance(data__plaintext, (list, tuple))
            if data__plaintext_is_list:
                data__plaintext_len = len(data__plaintext)
                for data__plaintext_x, data__plaintext_item in enumerate(data__plaintext):
                    validate___definitions_plaintextoverrider(data__plaintext_item, custom_formats, (name_prefix or "data") + ".plaintext[{data__plaintext_x}]".format(**locals()))
        if "imageOverrider" in data_keys:
            data_keys.remove("imageOverrider")
            data__imageOverrider = data["imageOverrider"]
            if not isinstance(data__imageOverrider, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".imageOverrider must be array")
            data__imageOverrider_is_list = isinstance(data__imageOverrider, (list, tuple))
            if data__imageOverrider_is_list:
                data__imageOverrider_len = len(data__imageOverrider)
                for data__imageOverrider_x, data__imageOverrider_item in enumerate(data__imageOverrider):
                    validate___definitions_imageoverrider(data__imageOverrider_item, custom_formats, (name_prefix or "data") + ".imageOverrider[{data__imageOverrider_x}]".format(**locals()))
        if "commandOverrider" in data_keys:
            data_keys.remove("commandOverrider")
            data__commandOverrider = data["commandOverrider"]
            if not isinstance(data__commandOverrider, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".commandOverrider must be array")
            data__commandOverrider_is_list = isinstance(data__commandOverrider, (list, tuple))
            if data__commandOverrider_is_list:
                data__commandOverrider_len = len(data__commandOverrider)
                for data__commandOverrider_x, data__commandOverrider_item in enumerate(data__commandOverrider):
                    validate___definitions_commandargsoverrider(data__commandOverrider_item, custom_formats, (name_prefix or "data") + ".commandOverrider[{data__commandOverrider_x}]".format(**locals()))
        if "argsOverrider" in data_keys:
            data_keys.remove("argsOverrider")
            data__argsOverrider = data["argsOverrider"]
            if not isinstance(data__argsOverrider, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".argsOverrider must be array")
            data__argsOverrider_is_list = isinstance(data__argsOverrider, (list, tuple))
            if data__argsOverrider_is_list:
                data__argsOverrider_len = len(data__argsOverrider)
                for data__argsOverrider_x, data__argsOverrider_item in enumerate(data__argsOverrider):
                    validate___definitions_commandargsoverrider(data__argsOverrider_item, custom_formats, (name_prefix or "data") + ".argsOverrider[{data__argsOverrider_x}]".format(**locals()))
        if "labelsOverrider" in data_keys:
            data_keys.remove("labelsOverrider")
            data__labelsOverrider = data["labelsOverrider"]
            if not isinstance(data__labelsOverrider, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".labelsOverrider must be array")
            data__labelsOverrider_is_list = isinstance(data__labelsOverrider, (list, tuple))
            if data__labelsOverrider_is_list:
                data__labelsOverrider_len = len(data__labelsOverrider)
                for data__labelsOverrider_x, data__labelsOverrider_item in enumerate(data__labelsOverrider):
                    validate___definitions_labelsoverrider(data__labelsOverrider_item, custom_formats, (name_prefix or "data") + ".labelsOverrider[{data__labelsOverrider_x}]".format(**locals()))
        if "annotationsOverrider" in data_keys:
            data_keys.remove("annotationsOverrider")
            data__annotationsOverrider = data["annotationsOverrider"]
            if not isinstance(data__annotationsOverrider, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".annotationsOverrider must be array")
            data__annotationsOverrider_is_list = isinstance(data__annotationsOverrider, (list, tuple))
            if data__annotationsOverrider_is_list:
                data__annotationsOverrider_len = len(data__annotationsOverrider)
                for data__annotationsOverrider_x, data__annotationsOverrider_item in enumerate(data__annotationsOverrider):
                    validate___definitions_annotationsoverrider(data__annotationsOverrider_item, custom_formats, (name_prefix or "data") + ".annotationsOverrider[{data__annotationsOverrider_x}]".format(**locals()))
        if "fieldOverrider" in data_keys:
            data_keys.remove("fieldOverrider")
            data__fieldOverrider = data["fieldOverrider"]
            if not isinstance(data__fieldOverrider, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".fieldOverrider must be array")
            data__fieldOverrider_is_list = isinstance(data__fieldOverrider, (list, tuple))
            if data__fieldOverrider_is_list:
                data__fieldOverrider_len = len(data__fieldOverrider)
                for data__fieldOverrider_x, data__fieldOverrider_item in enumerate(data__fieldOverrider):
                    validate___definitions_fieldoverrider(data__fieldOverrider_item, custom_formats, (name_prefix or "data") + ".fieldOverrider[{data__fieldOverrider_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_fieldoverrider(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['fieldPath']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "fieldPath" in data_keys:
            data_keys.remove("fieldPath")
            data__fieldPath = data["fieldPath"]
            validate___definitions_jsonpointer(data__fieldPath, custom_formats, (name_prefix or "data") + ".fieldPath")
        if "json" in data_keys:
            data_keys.remove("json")
            data__json = data["json"]
            if not isinstance(data__json, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".json must be array")
            data__json_is_list = isinstance(data__json, (list, tuple))
            if data__json_is_list:
                data__json_len = len(data__json)
                for data__json_x, data__json_item in enumerate(data__json):
                    validate___definitions_patchoperation(data__json_item, custom_formats, (name_prefix or "data") + ".json[{data__json_x}]".format(**locals()))
        if "yaml" in data_keys:
            data_keys.remove("yaml")
            data__yaml = data["yaml"]
            if not isinstance(data__yaml, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".yaml must be array")
            data__yaml_is_list = isinstance(data__yaml, (list, tuple))
            if data__yaml_is_list:
                data__yaml_len = len(data__yaml)
                for data__yaml_x, data__yaml_item in enumerate(data__yaml):
                    validate___definitions_patchoperation(data__yaml_item, custom_formats, (name_prefix or "data") + ".yaml[{data__yaml_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_patchoperation(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['subPath', 'operator']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "subPath" in data_keys:
            data_keys.remove("subPath")
            data__subPath = data["subPath"]
            validate___definitions_jsonpointer(data__subPath, custom_formats, (name_prefix or "data") + ".subPath")
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            validate___definitions_operator(data__operator, custom_formats, (name_prefix or "data") + ".operator")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_operator(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if not (isinstance(data, str) and data == 'add' or isinstance(data, str) and data == 'remove' or isinstance(data, str) and data == 'replace'):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be one of ['add', 'remove', 'replace']")
    return data

def validate___definitions_jsonpointer(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(?:/|$)'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(?:/|$)")
    return data

def validate___definitions_annotationsoverrider(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['operator', 'value']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            validate___definitions_operator(data__operator, custom_formats, (name_prefix or "data") + ".operator")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
            validate___definitions_annotationmap(data__value, custom_formats, (name_prefix or "data") + ".value")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_annotationmap(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        for data_key in data_keys:
            if data_key not in []:
                data_value = data.get(data_key)
                if not isinstance(data_value, (str)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".{data_key}".format(**locals()) + " must be string")
        data_len = len(data)
        if data_len != 0:
            data_property_names = True
            for data_key in data:
                try:
                    if not isinstance(data_key, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
                    if isinstance(data_key, str):
                        if not REGEX_PATTERNS['^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$'].search(data_key):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$")
                except (JsonSchemaValueException, JsonSchemaValuesException):
                    data_property_names = False
            if not data_property_names:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be named by propertyName definition")
    return data

def validate___definitions_labelsoverrider(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['operator', 'value']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            validate___definitions_operator(data__operator, custom_formats, (name_prefix or "data") + ".operator")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
            validate___definitions_labelmap(data__value, custom_formats, (name_prefix or "data") + ".value")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_labelmap(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        for data_key in data_keys:
            if data_key not in []:
                data_value = data.get(data_key)
                validate___definitions_labelvalue(data_value, custom_formats, (name_prefix or "data") + ".{data_key}".format(**locals()))
        data_len = len(data)
        if data_len != 0:
            data_property_names = True
            for data_key in data:
                try:
                    validate___definitions_qualifiedname(data_key, custom_formats, (name_prefix or "data") + "")
                except (JsonSchemaValueException, JsonSchemaValuesException):
                    data_property_names = False
            if not data_property_names:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be named by propertyName definition")
    return data

def validate___definitions_qualifiedname(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$")
    return data

def validate___definitions_labelvalue(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")
    return data

def validate___definitions_commandargsoverrider(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['containerName', 'operator']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "containerName" in data_keys:
            data_keys.remove("containerName")
            data__containerName = data["containerName"]
            if not isinstance(data__containerName, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".containerName must be string")
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            if not isinstance(data__operator, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be string")
            if not (isinstance(data__operator, str) and data__operator == 'add' or isinstance(data__operator, str) and data__operator == 'remove'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be one of ['add', 'remove']")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
            validate___definitions_stringlist(data__value, custom_formats, (name_prefix or "data") + ".value")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_stringlist(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + "[{data_x}]".format(**locals()) + " must be string")
    return data

def validate___definitions_imageoverrider(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['component', 'operator']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "predicate" in data_keys:
            data_keys.remove("predicate")
            data__predicate = data["predicate"]
            if not isinstance(data__predicate, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".predicate must be object")
            data__predicate_is_dict = isinstance(data__predicate, dict)
            if data__predicate_is_dict:
                data__predicate__missing_keys = set(['path']) - data__predicate.keys()
                if data__predicate__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".predicate must contain ")
                data__predicate_keys = set(data__predicate.keys())
                if "path" in data__predicate_keys:
                    data__predicate_keys.remove("path")
                    data__predicate__path = data__predicate["path"]
                    validate___definitions_jsonpointer(data__predicate__path, custom_formats, (name_prefix or "data") + ".predicate.path")
                if data__predicate_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".predicate must not contain "+str(data__predicate_keys)+" properties")
        if "component" in data_keys:
            data_keys.remove("component")
            data__component = data["component"]
            if not isinstance(data__component, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".component must be string")
            if not (isinstance(data__component, str) and data__component == 'Registry' or isinstance(data__component, str) and data__component == 'Repository' or isinstance(data__component, str) and data__component == 'Tag'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".component must be one of ['Registry', 'Repository', 'Tag']")
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            validate___definitions_operator(data__operator, custom_formats, (name_prefix or "data") + ".operator")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
            if not isinstance(data__value, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".value must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_plaintextoverrider(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['path', 'operator']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "path" in data_keys:
            data_keys.remove("path")
            data__path = data["path"]
            if not isinstance(data__path, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".path must be string")
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            validate___definitions_operator(data__operator, custom_formats, (name_prefix or "data") + ".operator")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_clusteraffinity(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "labelSelector" in data_keys:
            data_keys.remove("labelSelector")
            data__labelSelector = data["labelSelector"]
            validate___definitions_labelselector(data__labelSelector, custom_formats, (name_prefix or "data") + ".labelSelector")
        if "fieldSelector" in data_keys:
            data_keys.remove("fieldSelector")
            data__fieldSelector = data["fieldSelector"]
            validate___definitions_fieldselector(data__fieldSelector, custom_formats, (name_prefix or "data") + ".fieldSelector")
        if "clusterNames" in data_keys:
            data_keys.remove("clusterNames")
            data__clusterNames = data["clusterNames"]
            validate___definitions_stringlist(data__clusterNames, custom_formats, (name_prefix or "data") + ".clusterNames")
        if "exclude" in data_keys:
            data_keys.remove("exclude")
            data__exclude = data["exclude"]
            validate___definitions_stringlist(data__exclude, custom_formats, (name_prefix or "data") + ".exclude")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_fieldselector(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "matchExpressions" in data_keys:
            data_keys.remove("matchExpressions")
            data__matchExpressions = data["matchExpressions"]
            if not isinstance(data__matchExpressions, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".matchExpressions must be array")
            data__matchExpressions_is_list = isinstance(data__matchExpressions, (list, tuple))
            if data__matchExpressions_is_list:
                data__matchExpressions_len = len(data__matchExpressions)
                for data__matchExpressions_x, data__matchExpressions_item in enumerate(data__matchExpressions):
                    validate___definitions_fieldselectorrequirement(data__matchExpressions_item, custom_formats, (name_prefix or "data") + ".matchExpressions[{data__matchExpressions_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_fieldselectorrequirement(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['key', 'operator']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "key" in data_keys:
            data_keys.remove("key")
            data__key = data["key"]
            if not isinstance(data__key, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".key must be string")
            if not (isinstance(data__key, str) and data__key == 'provider' or isinstance(data__key, str) and data__key == 'region' or isinstance(data__key, str) and data__key == 'zone'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".key must be one of ['provider', 'region', 'zone']")
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            if not isinstance(data__operator, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be string")
            if not (isinstance(data__operator, str) and data__operator == 'In' or isinstance(data__operator, str) and data__operator == 'NotIn'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be one of ['In', 'NotIn']")
        if "values" in data_keys:
            data_keys.remove("values")
            data__values = data["values"]
            validate___definitions_stringlist(data__values, custom_formats, (name_prefix or "data") + ".values")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_labelselector(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "matchLabels" in data_keys:
            data_keys.remove("matchLabels")
            data__matchLabels = data["matchLabels"]
            validate___definitions_stringmap(data__matchLabels, custom_formats, (name_prefix or "data") + ".matchLabels")
        if "matchExpressions" in data_keys:
            data_keys.remove("matchExpressions")
            data__matchExpressions = data["matchExpressions"]
            if not isinstance(data__matchExpressions, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".matchExpressions must be array")
            data__matchExpressions_is_list = isinstance(data__matchExpressions, (list, tuple))
            if data__matchExpressions_is_list:
                data__matchExpressions_len = len(data__matchExpressions)
                for data__matchExpressions_x, data__matchExpressions_item in enumerate(data__matchExpressions):
                    validate___definitions_labelselectorrequirement(data__matchExpressions_item, custom_formats, (name_prefix or "data") + ".matchExpressions[{data__matchExpressions_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_labelselectorrequirement(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['key', 'operator']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "key" in data_keys:
            data_keys.remove("key")
            data__key = data["key"]
            if not isinstance(data__key, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".key must be string")
        if "operator" in data_keys:
            data_keys.remove("operator")
            data__operator = data["operator"]
            if not isinstance(data__operator, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be string")
            if not (isinstance(data__operator, str) and data__operator == 'In' or isinstance(data__operator, str) and data__operator == 'NotIn' or isinstance(data__operator, str) and data__operator == 'Exists' or isinstance(data__operator, str) and data__operator == 'DoesNotExist'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be one of ['In', 'NotIn', 'Exists', 'DoesNotExist']")
        if "values" in data_keys:
            data_keys.remove("values")
            data__values = data["values"]
            validate___definitions_stringlist(data__values, custom_formats, (name_prefix or "data") + ".values")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_stringmap(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        for data_key in data_keys:
            if data_key not in []:
                data_value = data.get(data_key)
                if not isinstance(data_value, (str)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".{data_key}".format(**locals()) + " must be string")
    return data

def validate___definitions_rulewithcluster(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['overriders']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "targetCluster" in data_keys:
            data_keys.remove("targetCluster")
            data__targetCluster = data["targetCluster"]
            validate___definitions_clusteraffinity(data__targetCluster, custom_formats, (name_prefix or "data") + ".targetCluster")
        if "overriders" in data_keys:
            data_keys.remove("overriders")
            data__overriders = data["overriders"]
            validate___definitions_overriders(data__overriders, custom_formats, (name_prefix or "data") + ".overriders")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_resourceselector(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['apiVersion', 'kind']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "apiVersion" in data_keys:
            data_keys.remove("apiVersion")
            data__apiVersion = data["apiVersion"]
            if not isinstance(data__apiVersion, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".apiVersion must be string")
            if isinstance(data__apiVersion, str):
                data__apiVersion_len = len(data__apiVersion)
                if data__apiVersion_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".apiVersion must be longer than or equal to 1 characters")
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not isinstance(data__kind, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be string")
            if isinstance(data__kind, str):
                data__kind_len = len(data__kind)
                if data__kind_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be longer than or equal to 1 characters")
        if "namespace" in data_keys:
            data_keys.remove("namespace")
            data__namespace = data["namespace"]
            if not isinstance(data__namespace, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".namespace must be string")
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "labelSelector" in data_keys:
            data_keys.remove("labelSelector")
            data__labelSelector = data["labelSelector"]
            validate___definitions_labelselector(data__labelSelector, custom_formats, (name_prefix or "data") + ".labelSelector")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_objectmeta(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['name']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
            if isinstance(data__name, str):
                data__name_len = len(data__name)
                if data__name_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be longer than or equal to 1 characters")
        if "namespace" in data_keys:
            data_keys.remove("namespace")
            data__namespace = data["namespace"]
            if not isinstance(data__namespace, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".namespace must be string")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate___definitions_labelmap(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        if "annotations" in data_keys:
            data_keys.remove("annotations")
            data__annotations = data["annotations"]
            validate___definitions_annotationmap(data__annotations, custom_formats, (name_prefix or "data") + ".annotations")
        if "generateName" in data_keys:
            data_keys.remove("generateName")
            data__generateName = data["generateName"]
            if not isinstance(data__generateName, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".generateName must be string")
        if "uid" in data_keys:
            data_keys.remove("uid")
            data__uid = data["uid"]
            if not isinstance(data__uid, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".uid must be string")
        if "resourceVersion" in data_keys:
            data_keys.remove("resourceVersion")
            data__resourceVersion = data["resourceVersion"]
            if not isinstance(data__resourceVersion, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resourceVersion must be string")
        if "generation" in data_keys:
            data_keys.remove("generation")
            data__generation = data["generation"]
            if not isinstance(data__generation, (int)) or isinstance(data__generation, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".generation must be integer")
        if "creationTimestamp" in data_keys:
            data_keys.remove("creationTimestamp")
            data__creationTimestamp = data["creationTimestamp"]
            if not isinstance(data__creationTimestamp, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".creationTimestamp must be string")
        if "deletionTimestamp" in data_keys:
            data_keys.remove("deletionTimestamp")
            data__deletionTimestamp = data["deletionTimestamp"]
            if not isinstance(data__deletionTimestamp, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".deletionTimestamp must be string")
        if "deletionGracePeriodSeconds" in data_keys:
            data_keys.remove("deletionGracePeriodSeconds")
            data__deletionGracePeriodSeconds = data["deletionGracePeriodSeconds"]
            if not isinstance(data__deletionGracePeriodSeconds, (int)) or isinstance(data__deletionGracePeriodSeconds, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".deletionGracePeriodSeconds must be integer")
        if "finalizers" in data_keys:
            data_keys.remove("finalizers")
            data__finalizers = data["finalizers"]
            if not isinstance(data__finalizers, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".finalizers must be array")
            data__finalizers_is_list = isinstance(data__finalizers, (list, tuple))
            if data__finalizers_is_list:
                data__finalizers_len = len(data__finalizers)
                for data__finalizers_x, data__finalizers_item in enumerate(data__finalizers):
                    if not isinstance(data__finalizers_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".finalizers[{data__finalizers_x}]".format(**locals()) + " must be string")
        if "ownerReferences" in data_keys:
            data_keys.remove("ownerReferences")
            data__ownerReferences = data["ownerReferences"]
            if not isinstance(data__ownerReferences, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ownerReferences must be array")
            data__ownerReferences_is_list = isinstance(data__ownerReferences, (list, tuple))
            if data__ownerReferences_is_list:
                data__ownerReferences_len = len(data__ownerReferences)
                for data__ownerReferences_x, data__ownerReferences_item in enumerate(data__ownerReferences):
                    if not isinstance(data__ownerReferences_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ownerReferences[{data__ownerReferences_x}]".format(**locals()) + " must be object")
        if "managedFields" in data_keys:
            data_keys.remove("managedFields")
            data__managedFields = data["managedFields"]
            if not isinstance(data__managedFields, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".managedFields must be array")
            data__managedFields_is_list = isinstance(data__managedFields, (list, tuple))
            if data__managedFields_is_list:
                data__managedFields_len = len(data__managedFields)
                for data__managedFields_x, data__managedFields_item in enumerate(data__managedFields):
                    if not isinstance(data__managedFields_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".managedFields[{data__managedFields_x}]".format(**locals()) + " must be object")
        if "selfLink" in data_keys:
            data_keys.remove("selfLink")
            data__selfLink = data["selfLink"]
            if not isinstance(data__selfLink, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".selfLink must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data
