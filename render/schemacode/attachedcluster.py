"""Made by `python -m render.compiledschema` with fastjsonschema 2.22.3: do not edit."""
# ruff: noqa
# mypy: ignore-errors
SCHEMA_DIGEST = 'cbeed9d474bbe7bd0b564a4a2c076ac5'
FUNCTION = 'validate'

from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$': re.compile('^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?\\Z'),
    '^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z'),
    '^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$': re.compile('^(?:(?=.{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?\\Z'),
    '^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z')
}

NoneType = type(None)

def validate(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['apiVersion', 'kind', 'metadata']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "apiVersion" in data_keys:
            data_keys.remove("apiVersion")
            data__apiVersion = data["apiVersion"]
            if not (isinstance(data__apiVersion, str) and data__apiVersion == 'cluster.kurator.dev/v1alpha1'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".apiVersion must be one of ['cluster.kurator.dev/v1alpha1']")
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'AttachedCluster'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['AttachedCluster']")
        if "metadata" in data_keys:
            data_keys.remove("metadata")
            data__metadata = data["metadata"]
            validate___definitions_objectmeta(data__metadata, custom_formats, (name_prefix or "data") + ".metadata")
        if "spec" in data_keys:
            data_keys.remove("spec")
            data__spec = data["spec"]
            validate___definitions_attachedclusterspec(data__spec, custom_formats, (name_prefix or "data") + ".spec")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not isinstance(data__status, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_attachedclusterspec(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "kubeconfig" in data_keys:
            data_keys.remove("kubeconfig")
            data__kubeconfig = data["kubeconfig"]
            validate___definitions_kubeconfig(data__kubeconfig, custom_formats, (name_prefix or "data") + ".kubeconfig")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate___definitions_labelmap(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        if "provider" in data_keys:
            data_keys.remove("provider")
            data__provider = data["provider"]
            if not isinstance(data__provider, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".provider must be string")
        if "region" in data_keys:
            data_keys.remove("region")
            data__region = data["region"]
            if not isinstance(data__region, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".region must be string")
        if "zone" in data_keys:
            data_keys.remove("zone")
            data__zone = data["zone"]
            validate___definitions_labelvalue(data__zone, custom_formats, (name_prefix or "data") + ".zone")
        if "zones" in data_keys:
            data_keys.remove("zones")
            data__zones = data["zones"]
            if not isinstance(data__zones, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".zones must be array")
            data__zones_is_list = isinstance(data__zones, (list, tuple))
            if data__zones_is_list:
                data__zones_len = len(data__zones)
                for data__zones_x, data__zones_item in enumerate(data__zones):
                    validate___definitions_labelvalue(data__zones_item, custom_formats, (name_prefix or "data") + ".zones[{data__zones_x}]".format(**locals()))
        if "taints" in data_keys:
            data_keys.remove("taints")
            data__taints = data["taints"]
            if not isinstance(data__taints, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".taints must be array")
            data__taints_is_list = isinstance(data__taints, (list, tuple))
            if data__taints_is_list:
                data__taints_len = len(data__taints)
                for data__taints_x, data__taints_item in enumerate(data__taints):
                    validate___definitions_taint(data__taints_item, custom_formats, (name_prefix or "data") + ".taints[{data__taints_x}]".format(**locals()))
        if "resources" in data_keys:
            data_keys.remove("resources")
            data__resources = data["resources"]
            validate___definitions_resourcesummary(data__resources, custom_formats, (name_prefix or "data") + ".resources")
        if "values" in data_keys:
            data_keys.remove("values")
            data__values = data["values"]
            if not isinstance(data__values, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".values must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_resourcesummary(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "allocatable" in data_keys:
            data_keys.remove("allocatable")
            data__allocatable = data["allocatable"]
            validate___definitions_quantitymap(data__allocatable, custom_formats, (name_prefix or "data") + ".allocatable")
        if "allocated" in data_keys:
            data_keys.remove("allocated")
            data__allocated = data["allocated"]
            validate___definitions_quantitymap(data__allocated, custom_formats, (name_prefix or "data") + ".allocated")
        if "allocating" in data_keys:
            data_keys.remove("allocating")
            data__allocating = data["allocating"]
            validate___definitions_quantitymap(data__allocating, custom_formats, (name_prefix or "data") + ".allocating")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_quantitymap(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        for data_key in data_keys:
            if data_key not in []:
                data_value = data.get(data_key)
                validate___definitions_quantity(data_value, custom_formats, (name_prefix or "data") + ".{data_key}".format(**locals()))
    return data

def validate___definitions_quantity(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str, int, float, Decimal)) or isinstance(data, bool):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string or number")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$")
    return data

def validate___definitions_taint(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['key', 'effect']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "key" in data_keys:
            data_keys.remove("key")
            data__key = data["key"]
            validate___definitions_qualifiedname(data__key, custom_formats, (name_prefix or "data") + ".key")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
            validate___definitions_labelvalue(data__value, custom_formats, (name_prefix or "data") + ".value")
        if "effect" in data_keys:
            data_keys.remove("effect")
            data__effect = data["effect"]
            if not isinstance(data__effect, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".effect must be string")
            if not (isinstance(data__effect, str) and data__effect == 'NoSchedule' or isinstance(data__effect, str) and data__effect == 'NoExecute'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".effect must be one of ['NoSchedule', 'NoExecute']")
        if "timeAdded" in data_keys:
            data_keys.remove("timeAdded")
            data__timeAdded = data["timeAdded"]
            if not isinstance(data__timeAdded, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".timeAdded must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
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

def validate___definitions_kubeconfig(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "key" in data_keys:
            data_keys.remove("key")
            data__key = data["key"]
            if not isinstance(data__key, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".key must be string")
        if "secretRef" in data_keys:
            data_keys.remove("secretRef")
            data__secretRef = data["secretRef"]
            if not isinstance(data__secretRef, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".secretRef must be object")
            data__secretRef_is_dict = isinstance(data__secretRef, dict)
            if data__secretRef_is_dict:
                data__secretRef_keys = set(data__secretRef.keys())
                if "name" in data__secretRef_keys:
                    data__secretRef_keys.remove("name")
                    data__secretRef__name = data__secretRef["name"]
                    if not isinstance(data__secretRef__name, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".secretRef.name must be string")
                if "namespace" in data__secretRef_keys:
                    data__secretRef_keys.remove("namespace")
                    data__secretRef__namespace = data__secretRef["namespace"]
                    if not isinstance(data__secretRef__namespace, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".secretRef.namespace must be string")
                if "key" in data__secretRef_keys:
                    data__secretRef_keys.remove("key")
                    data__secretRef__key = data__secretRef["key"]
                    if not isinstance(data__secretRef__key, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".secretRef.key must be string")
                if data__secretRef_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".secretRef must not contain "+str(data__secretRef_keys)+" properties")
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
