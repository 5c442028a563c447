"""Made by `python -m render.compiledschema` with fastjsonschema 2.22.3: do not edit."""
# ruff: noqa
# mypy: ignore-errors
SCHEMA_DIGEST = '1826a7377d6acc4681452954c270bd07'
FUNCTION = 'validate'

from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z'),
    '^(?=.{1,48}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$': re.compile('^(?=.{1,48}\\Z)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\\Z'),
    '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$': re.compile('^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?\\Z'),
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
            if not (isinstance(data__apiVersion, str) and data__apiVersion == 'fleet.kurator.dev/v1alpha1'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".apiVersion must be one of ['fleet.kurator.dev/v1alpha1']")
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'Fleet'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['Fleet']")
        if "metadata" in data_keys:
            data_keys.remove("metadata")
            data__metadata = data["metadata"]
            validate___definitions_objectmeta(data__metadata, custom_formats, (name_prefix or "data") + ".metadata")
        if "spec" in data_keys:
            data_keys.remove("spec")
            data__spec = data["spec"]
            validate___definitions_fleetspec(data__spec, custom_formats, (name_prefix or "data") + ".spec")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not isinstance(data__status, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_fleetspec(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "clusters" in data_keys:
            data_keys.remove("clusters")
            data__clusters = data["clusters"]
            if not isinstance(data__clusters, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clusters must be array")
            data__clusters_is_list = isinstance(data__clusters, (list, tuple))
            if data__clusters_is_list:
                data__clusters_len = len(data__clusters)
                for data__clusters_x, data__clusters_item in enumerate(data__clusters):
                    validate___definitions_fleetcluster(data__clusters_item, custom_formats, (name_prefix or "data") + ".clusters[{data__clusters_x}]".format(**locals()))
        if "placement" in data_keys:
            data_keys.remove("placement")
            data__placement = data["placement"]
            validate___definitions_fleetplacement(data__placement, custom_formats, (name_prefix or "data") + ".placement")
        if "plugin" in data_keys:
            data_keys.remove("plugin")
            data__plugin = data["plugin"]
            if not isinstance(data__plugin, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".plugin must be object")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_fleetplacement(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "clusterAffinity" in data_keys:
            data_keys.remove("clusterAffinity")
            data__clusterAffinity = data["clusterAffinity"]
            validate___definitions_fleetclusteraffinity(data__clusterAffinity, custom_formats, (name_prefix or "data") + ".clusterAffinity")
        if "clusterAffinities" in data_keys:
            data_keys.remove("clusterAffinities")
            data__clusterAffinities = data["clusterAffinities"]
            if not isinstance(data__clusterAffinities, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clusterAffinities must be array")
            data__clusterAffinities_is_list = isinstance(data__clusterAffinities, (list, tuple))
            if data__clusterAffinities_is_list:
                data__clusterAffinities_len = len(data__clusterAffinities)
                for data__clusterAffinities_x, data__clusterAffinities_item in enumerate(data__clusterAffinities):
                    validate___definitions_clusteraffinityterm(data__clusterAffinities_item, custom_formats, (name_prefix or "data") + ".clusterAffinities[{data__clusterAffinities_x}]".format(**locals()))
        if "clusterTolerations" in data_keys:
            data_keys.remove("clusterTolerations")
            data__clusterTolerations = data["clusterTolerations"]
            if not isinstance(data__clusterTolerations, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clusterTolerations must be array")
            data__clusterTolerations_is_list = isinstance(data__clusterTolerations, (list, tuple))
            if data__clusterTolerations_is_list:
                data__clusterTolerations_len = len(data__clusterTolerations)
                for data__clusterTolerations_x, data__clusterTolerations_item in enumerate(data__clusterTolerations):
                    validate___definitions_toleration(data__clusterTolerations_item, custom_formats, (name_prefix or "data") + ".clusterTolerations[{data__clusterTolerations_x}]".format(**locals()))
        if "spreadConstraints" in data_keys:
            data_keys.remove("spreadConstraints")
            data__spreadConstraints = data["spreadConstraints"]
            if not isinstance(data__spreadConstraints, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".spreadConstraints must be array")
            data__spreadConstraints_is_list = isinstance(data__spreadConstraints, (list, tuple))
            if data__spreadConstraints_is_list:
                data__spreadConstraints_len = len(data__spreadConstraints)
                for data__spreadConstraints_x, data__spreadConstraints_item in enumerate(data__spreadConstraints):
                    validate___definitions_spreadconstraint(data__spreadConstraints_item, custom_formats, (name_prefix or "data") + ".spreadConstraints[{data__spreadConstraints_x}]".format(**locals()))
        if "replicaScheduling" in data_keys:
            data_keys.remove("replicaScheduling")
            data__replicaScheduling = data["replicaScheduling"]
            validate___definitions_replicaschedulingstrategy(data__replicaScheduling, custom_formats, (name_prefix or "data") + ".replicaScheduling")
        if "workloadAffinity" in data_keys:
            data_keys.remove("workloadAffinity")
            data__workloadAffinity = data["workloadAffinity"]
            validate___definitions_workloadaffinity(data__workloadAffinity, custom_formats, (name_prefix or "data") + ".workloadAffinity")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_workloadaffinity(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "affinity" in data_keys:
            data_keys.remove("affinity")
            data__affinity = data["affinity"]
            validate___definitions_workloadaffinityterm(data__affinity, custom_formats, (name_prefix or "data") + ".affinity")
        if "antiAffinity" in data_keys:
            data_keys.remove("antiAffinity")
            data__antiAffinity = data["antiAffinity"]
            validate___definitions_workloadaffinityterm(data__antiAffinity, custom_formats, (name_prefix or "data") + ".antiAffinity")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_workloadaffinityterm(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['groupByLabelKey']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "groupByLabelKey" in data_keys:
            data_keys.remove("groupByLabelKey")
            data__groupByLabelKey = data["groupByLabelKey"]
            validate___definitions_qualifiedname(data__groupByLabelKey, custom_formats, (name_prefix or "data") + ".groupByLabelKey")
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

def validate___definitions_replicaschedulingstrategy(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "replicaSchedulingType" in data_keys:
            data_keys.remove("replicaSchedulingType")
            data__replicaSchedulingType = data["replicaSchedulingType"]
            if not isinstance(data__replicaSchedulingType, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".replicaSchedulingType must be string")
            if not (isinstance(data__replicaSchedulingType, str) and data__replicaSchedulingType == 'Duplicated' or isinstance(data__replicaSchedulingType, str) and data__replicaSchedulingType == 'Divided'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".replicaSchedulingType must be one of ['Duplicated', 'Divided']")
        if "replicaDivisionPreference" in data_keys:
            data_keys.remove("replicaDivisionPreference")
            data__replicaDivisionPreference = data["replicaDivisionPreference"]
            if not isinstance(data__replicaDivisionPreference, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".replicaDivisionPreference must be string")
            if not (isinstance(data__replicaDivisionPreference, str) and data__replicaDivisionPreference == 'Aggregated' or isinstance(data__replicaDivisionPreference, str) and data__replicaDivisionPreference == 'Weighted'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".replicaDivisionPreference must be one of ['Aggregated', 'Weighted']")
        if "weightPreference" in data_keys:
            data_keys.remove("weightPreference")
            data__weightPreference = data["weightPreference"]
            validate___definitions_clusterpreferences(data__weightPreference, custom_formats, (name_prefix or "data") + ".weightPreference")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_clusterpreferences(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "staticWeightList" in data_keys:
            data_keys.remove("staticWeightList")
            data__staticWeightList = data["staticWeightList"]
            if not isinstance(data__staticWeightList, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".staticWeightList must be array")
            data__staticWeightList_is_list = isinstance(data__staticWeightList, (list, tuple))
            if data__staticWeightList_is_list:
                data__staticWeightList_len = len(data__staticWeightList)
                for data__staticWeightList_x, data__staticWeightList_item in enumerate(data__staticWeightList):
                    validate___definitions_staticclusterweight(data__staticWeightList_item, custom_formats, (name_prefix or "data") + ".staticWeightList[{data__staticWeightList_x}]".format(**locals()))
        if "dynamicWeight" in data_keys:
            data_keys.remove("dynamicWeight")
            data__dynamicWeight = data["dynamicWeight"]
            if not isinstance(data__dynamicWeight, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".dynamicWeight must be string")
            if not (isinstance(data__dynamicWeight, str) and data__dynamicWeight == 'AvailableReplicas'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".dynamicWeight must be one of ['AvailableReplicas']")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_staticclusterweight(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['targetCluster', 'weight']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "targetCluster" in data_keys:
            data_keys.remove("targetCluster")
            data__targetCluster = data["targetCluster"]
            validate___definitions_clusteraffinity(data__targetCluster, custom_formats, (name_prefix or "data") + ".targetCluster")
        if "weight" in data_keys:
            data_keys.remove("weight")
            data__weight = data["weight"]
            validate___definitions_int64(data__weight, custom_formats, (name_prefix or "data") + ".weight")
            if isinstance(data__weight, (int, float, Decimal)) and not isinstance(data__weight, bool):
                if data__weight < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".weight must be bigger than or equal to 1")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_int64(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (int)) or isinstance(data, bool):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be integer")
    if isinstance(data, (int, float, Decimal)) and not isinstance(data, bool):
        if data < -9223372036854775808:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be bigger than or equal to -9223372036854775808")
        if data > 9223372036854775807:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be smaller than or equal to 9223372036854775807")
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

def validate___definitions_spreadconstraint(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "spreadByField" in data_keys:
            data_keys.remove("spreadByField")
            data__spreadByField = data["spreadByField"]
            if not isinstance(data__spreadByField, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".spreadByField must be string")
            if not (isinstance(data__spreadByField, str) and data__spreadByField == 'cluster' or isinstance(data__spreadByField, str) and data__spreadByField == 'region' or isinstance(data__spreadByField, str) and data__spreadByField == 'zone' or isinstance(data__spreadByField, str) and data__spreadByField == 'provider'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".spreadByField must be one of ['cluster', 'region', 'zone', 'provider']")
        if "spreadByLabel" in data_keys:
            data_keys.remove("spreadByLabel")
            data__spreadByLabel = data["spreadByLabel"]
            if not isinstance(data__spreadByLabel, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".spreadByLabel must be string")
        if "maxGroups" in data_keys:
            data_keys.remove("maxGroups")
            data__maxGroups = data["maxGroups"]
            validate___definitions_int64(data__maxGroups, custom_formats, (name_prefix or "data") + ".maxGroups")
            if isinstance(data__maxGroups, (int, float, Decimal)) and not isinstance(data__maxGroups, bool):
                if data__maxGroups < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".maxGroups must be bigger than or equal to 0")
        if "minGroups" in data_keys:
            data_keys.remove("minGroups")
            data__minGroups = data["minGroups"]
            validate___definitions_int64(data__minGroups, custom_formats, (name_prefix or "data") + ".minGroups")
            if isinstance(data__minGroups, (int, float, Decimal)) and not isinstance(data__minGroups, bool):
                if data__minGroups < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".minGroups must be bigger than or equal to 0")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_toleration(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
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
            if not (isinstance(data__operator, str) and data__operator == 'Equal' or isinstance(data__operator, str) and data__operator == 'Exists' or isinstance(data__operator, str) and data__operator == ''):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be one of ['Equal', 'Exists', '']")
        if "value" in data_keys:
            data_keys.remove("value")
            data__value = data["value"]
            if not isinstance(data__value, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".value must be string")
        if "effect" in data_keys:
            data_keys.remove("effect")
            data__effect = data["effect"]
            if not isinstance(data__effect, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".effect must be string")
            if not (isinstance(data__effect, str) and data__effect == 'NoSchedule' or isinstance(data__effect, str) and data__effect == 'PreferNoSchedule' or isinstance(data__effect, str) and data__effect == 'NoExecute' or isinstance(data__effect, str) and data__effect == ''):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".effect must be one of ['NoSchedule', 'PreferNoSchedule', 'NoExecute', '']")
        if "tolerationSeconds" in data_keys:
            data_keys.remove("tolerationSeconds")
            data__tolerationSeconds = data["tolerationSeconds"]
            validate___definitions_int64(data__tolerationSeconds, custom_formats, (name_prefix or "data") + ".tolerationSeconds")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_clusteraffinityterm(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['affinityName']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "affinityName" in data_keys:
            data_keys.remove("affinityName")
            data__affinityName = data["affinityName"]
            validate___definitions_affinityname(data__affinityName, custom_formats, (name_prefix or "data") + ".affinityName")
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
        if "overflowAffinities" in data_keys:
            data_keys.remove("overflowAffinities")
            data__overflowAffinities = data["overflowAffinities"]
            if not isinstance(data__overflowAffinities, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".overflowAffinities must be array")
            data__overflowAffinities_is_list = isinstance(data__overflowAffinities, (list, tuple))
            if data__overflowAffinities_is_list:
                data__overflowAffinities_len = len(data__overflowAffinities)
                for data__overflowAffinities_x, data__overflowAffinities_item in enumerate(data__overflowAffinities):
                    validate___definitions_overflowclusteraffinity(data__overflowAffinities_item, custom_formats, (name_prefix or "data") + ".overflowAffinities[{data__overflowAffinities_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_overflowclusteraffinity(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['affinityName']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "affinityName" in data_keys:
            data_keys.remove("affinityName")
            data__affinityName = data["affinityName"]
            validate___definitions_affinityname(data__affinityName, custom_formats, (name_prefix or "data") + ".affinityName")
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

def validate___definitions_affinityname(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be longer than or equal to 1 characters")
        if data_len > 32:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be shorter than or equal to 32 characters")
    validate___definitions_qualifiedname(data, custom_formats, (name_prefix or "data") + "")
    return data

def validate___definitions_fleetclusteraffinity(data, custom_formats={}, name_prefix=None):
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
        if "preferredDuringSchedulingIgnoredDuringExecution" in data_keys:
            data_keys.remove("preferredDuringSchedulingIgnoredDuringExecution")
            data__preferredDuringSchedulingIgnoredDuringExecution = data["preferredDuringSchedulingIgnoredDuringExecution"]
            if not isinstance(data__preferredDuringSchedulingIgnoredDuringExecution, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".preferredDuringSchedulingIgnoredDuringExecution must be array")
            data__preferredDuringSchedulingIgnoredDuringExecution_is_list = isinstance(data__preferredDuringSchedulingIgnoredDuringExecution, (list, tuple))
            if data__preferredDuringSchedulingIgnoredDuringExecution_is_list:
                data__preferredDuringSchedulingIgnoredDuringExecution_len = len(data__preferredDuringSchedulingIgnoredDuringExecution)
                for data__preferredDuringSchedulingIgnoredDuringExecution_x, data__preferredDuringSchedulingIgnoredDuringExecution_item in enumerate(data__preferredDuringSchedulingIgnoredDuringExecution):
                    validate___definitions_preferredclusterterm(data__preferredDuringSchedulingIgnoredDuringExecution_item, custom_formats, (name_prefix or "data") + ".preferredDuringSchedulingIgnoredDuringExecution[{data__preferredDuringSchedulingIgnoredDuringExecution_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_preferredclusterterm(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['weight', 'preference']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "weight" in data_keys:
            data_keys.remove("weight")
            data__weight = data["weight"]
            if not isinstance(data__weight, (int)) or isinstance(data__weight, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".weight must be integer")
            if isinstance(data__weight, (int, float, Decimal)) and not isinstance(data__weight, bool):
                if data__weight < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".weight must be bigger than or equal to 1")
                if data__weight > 100:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".weight must be smaller than or equal to 100")
        if "preference" in data_keys:
            data_keys.remove("preference")
            data__preference = data["preference"]
            if not isinstance(data__preference, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".preference must be object")
            data__preference_is_dict = isinstance(data__preference, dict)
            if data__preference_is_dict:
                data__preference_keys = set(data__preference.keys())
                if "matchExpressions" in data__preference_keys:
                    data__preference_keys.remove("matchExpressions")
                    data__preference__matchExpressions = data__preference["matchExpressions"]
                    if not isinstance(data__preference__matchExpressions, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".preference.matchExpressions must be array")
                    data__preference__matchExpressions_is_list = isinstance(data__preference__matchExpressions, (list, tuple))
                    if data__preference__matchExpressions_is_list:
                        data__preference__matchExpressions_len = len(data__preference__matchExpressions)
                        for data__preference__matchExpressions_x, data__preference__matchExpressions_item in enumerate(data__preference__matchExpressions):
                            validate___definitions_clusterselectorrequirement(data__preference__matchExpressions_item, custom_formats, (name_prefix or "data") + ".preference.matchExpressions[{data__preference__matchExpressions_x}]".format(**locals()))
                if "matchFields" in data__preference_keys:
                    data__preference_keys.remove("matchFields")
                    data__preference__matchFields = data__preference["matchFields"]
                    if not isinstance(data__preference__matchFields, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".preference.matchFields must be array")
                    data__preference__matchFields_is_list = isinstance(data__preference__matchFields, (list, tuple))
                    if data__preference__matchFields_is_list:
                        data__preference__matchFields_len = len(data__preference__matchFields)
                        for data__preference__matchFields_x, data__preference__matchFields_item in enumerate(data__preference__matchFields):
                            validate___definitions_fieldselectorrequirement(data__preference__matchFields_item, custom_formats, (name_prefix or "data") + ".preference.matchFields[{data__preference__matchFields_x}]".format(**locals()))
                if data__preference_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".preference must not contain "+str(data__preference_keys)+" properties")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_clusterselectorrequirement(data, custom_formats={}, name_prefix=None):
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
            if not (isinstance(data__operator, str) and data__operator == 'In' or isinstance(data__operator, str) and data__operator == 'NotIn' or isinstance(data__operator, str) and data__operator == 'Exists' or isinstance(data__operator, str) and data__operator == 'DoesNotExist' or isinstance(data__operator, str) and data__operator == 'Gt' or isinstance(data__operator, str) and data__operator == 'Lt'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".operator must be one of ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']")
        if "values" in data_keys:
            data_keys.remove("values")
            data__values = data["values"]
            validate___definitions_stringlist(data__values, custom_formats, (name_prefix or "data") + ".values")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_fleetcluster(data, custom_formats={}, name_prefix=None):
    try:
        if not isinstance(data, (dict)):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['kind']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
    except (JsonSchemaValueException, JsonSchemaValuesException):
        validate___definitions_inlinecluster(data, custom_formats, (name_prefix or "data") + "")
    else:
        validate___definitions_clusterreference(data, custom_formats, (name_prefix or "data") + "")
    return data

def validate___definitions_clusterreference(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['kind', 'name']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not isinstance(data__kind, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be string")
            if not (isinstance(data__kind, str) and data__kind == 'AttachedCluster' or isinstance(data__kind, str) and data__kind == 'CustomCluster' or isinstance(data__kind, str) and data__kind == 'Cluster'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['AttachedCluster', 'CustomCluster', 'Cluster']")
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            validate___definitions_clustername(data__name, custom_formats, (name_prefix or "data") + ".name")
        if "namespace" in data_keys:
            data_keys.remove("namespace")
            data__namespace = data["namespace"]
            if not isinstance(data__namespace, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".namespace must be string")
        if "apiVersion" in data_keys:
            data_keys.remove("apiVersion")
            data__apiVersion = data["apiVersion"]
            if not isinstance(data__apiVersion, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".apiVersion must be string")
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
        if "fieldPath" in data_keys:
            data_keys.remove("fieldPath")
            data__fieldPath = data["fieldPath"]
            if not isinstance(data__fieldPath, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".fieldPath must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_clustername(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(?=.{1,48}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(?=.{1,48}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$")
    return data

def validate___definitions_inlinecluster(data, custom_formats={}, name_prefix=None):
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
            validate___definitions_clustername(data__name, custom_formats, (name_prefix or "data") + ".name")
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
