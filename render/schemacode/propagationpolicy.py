"""Made by `python -m render.compiledschema` with fastjsonschema 2.22.3: do not edit."""
# ruff: noqa
# mypy: ignore-errors
SCHEMA_DIGEST = 'a1b5db06602bba3a3b13a477f830b3e1'
FUNCTION = 'validate'

from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z'),
    '^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$': re.compile('^(?:(?=[^/]{1,253}/)[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*/)?(?=[^/]{1,63}\\Z)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\\Z'),
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
            if not (isinstance(data__kind, str) and data__kind == 'PropagationPolicy'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['PropagationPolicy']")
        if "metadata" in data_keys:
            data_keys.remove("metadata")
            data__metadata = data["metadata"]
            validate___definitions_objectmeta(data__metadata, custom_formats, (name_prefix or "data") + ".metadata")
        if "spec" in data_keys:
            data_keys.remove("spec")
            data__spec = data["spec"]
            validate___definitions_propagationspec(data__spec, custom_formats, (name_prefix or "data") + ".spec")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_propagationspec(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['resourceSelectors']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "resourceSelectors" in data_keys:
            data_keys.remove("resourceSelectors")
            data__resourceSelectors = data["resourceSelectors"]
            if not isinstance(data__resourceSelectors, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resourceSelectors must be array")
            data__resourceSelectors_is_list = isinstance(data__resourceSelectors, (list, tuple))
            if data__resourceSelectors_is_list:
                data__resourceSelectors_len = len(data__resourceSelectors)
                if data__resourceSelectors_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".resourceSelectors must contain at least 1 items")
                for data__resourceSelectors_x, data__resourceSelectors_item in enumerate(data__resourceSelectors):
                    validate___definitions_resourceselector(data__resourceSelectors_item, custom_formats, (name_prefix or "data") + ".resourceSelectors[{data__resourceSelectors_x}]".format(**locals()))
        if "association" in data_keys:
            data_keys.remove("association")
            data__association = data["association"]
            if not isinstance(data__association, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".association must be boolean")
        if "propagateDeps" in data_keys:
            data_keys.remove("propagateDeps")
            data__propagateDeps = data["propagateDeps"]
            if not isinstance(data__propagateDeps, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".propagateDeps must be boolean")
        if "placement" in data_keys:
            data_keys.remove("placement")
            data__placement = data["placement"]
            validate___definitions_placement(data__placement, custom_formats, (name_prefix or "data") + ".placement")
        if "priority" in data_keys:
            data_keys.remove("priority")
            data__priority = data["priority"]
            validate___definitions_int32(data__priority, custom_formats, (name_prefix or "data") + ".priority")
        if "preemption" in data_keys:
            data_keys.remove("preemption")
            data__preemption = data["preemption"]
            if not isinstance(data__preemption, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".preemption must be string")
            if not (isinstance(data__preemption, str) and data__preemption == 'Always' or isinstance(data__preemption, str) and data__preemption == 'Never'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".preemption must be one of ['Always', 'Never']")
        if "dependentOverrides" in data_keys:
            data_keys.remove("dependentOverrides")
            data__dependentOverrides = data["dependentOverrides"]
            validate___definitions_stringlist(data__dependentOverrides, custom_formats, (name_prefix or "data") + ".dependentOverrides")
        if "schedulerName" in data_keys:
            data_keys.remove("schedulerName")
            data__schedulerName = data["schedulerName"]
            if not isinstance(data__schedulerName, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".schedulerName must be string")
        if "failover" in data_keys:
            data_keys.remove("failover")
            data__failover = data["failover"]
            validate___definitions_failoverbehavior(data__failover, custom_formats, (name_prefix or "data") + ".failover")
        if "conflictResolution" in data_keys:
            data_keys.remove("conflictResolution")
            data__conflictResolution = data["conflictResolution"]
            if not isinstance(data__conflictResolution, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".conflictResolution must be string")
            if not (isinstance(data__conflictResolution, str) and data__conflictResolution == 'Abort' or isinstance(data__conflictResolution, str) and data__conflictResolution == 'Overwrite'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".conflictResolution must be one of ['Abort', 'Overwrite']")
        if "activationPreference" in data_keys:
            data_keys.remove("activationPreference")
            data__activationPreference = data["activationPreference"]
            if not isinstance(data__activationPreference, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".activationPreference must be string")
            if not (isinstance(data__activationPreference, str) and data__activationPreference == 'Lazy'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".activationPreference must be one of ['Lazy']")
        if "suspension" in data_keys:
            data_keys.remove("suspension")
            data__suspension = data["suspension"]
            validate___definitions_suspension(data__suspension, custom_formats, (name_prefix or "data") + ".suspension")
        if "preserveResourcesOnDeletion" in data_keys:
            data_keys.remove("preserveResourcesOnDeletion")
            data__preserveResourcesOnDeletion = data["preserveResourcesOnDeletion"]
            if not isinstance(data__preserveResourcesOnDeletion, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".preserveResourcesOnDeletion must be boolean")
        if "schedulePriority" in data_keys:
            data_keys.remove("schedulePriority")
            data__schedulePriority = data["schedulePriority"]
            validate___definitions_schedulepriority(data__schedulePriority, custom_formats, (name_prefix or "data") + ".schedulePriority")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_schedulepriority(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['priorityClassSource', 'priorityClassName']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "priorityClassSource" in data_keys:
            data_keys.remove("priorityClassSource")
            data__priorityClassSource = data["priorityClassSource"]
            if not isinstance(data__priorityClassSource, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".priorityClassSource must be string")
            if not (isinstance(data__priorityClassSource, str) and data__priorityClassSource == 'KubePriorityClass'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".priorityClassSource must be one of ['KubePriorityClass']")
        if "priorityClassName" in data_keys:
            data_keys.remove("priorityClassName")
            data__priorityClassName = data["priorityClassName"]
            if not isinstance(data__priorityClassName, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".priorityClassName must be string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_suspension(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "dispatching" in data_keys:
            data_keys.remove("dispatching")
            data__dispatching = data["dispatching"]
            if not isinstance(data__dispatching, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".dispatching must be boolean")
        if "dispatchingOnClusters" in data_keys:
            data_keys.remove("dispatchingOnClusters")
            data__dispatchingOnClusters = data["dispatchingOnClusters"]
            if not isinstance(data__dispatchingOnClusters, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".dispatchingOnClusters must be object")
            data__dispatchingOnClusters_is_dict = isinstance(data__dispatchingOnClusters, dict)
            if data__dispatchingOnClusters_is_dict:
                data__dispatchingOnClusters_keys = set(data__dispatchingOnClusters.keys())
                if "clusterNames" in data__dispatchingOnClusters_keys:
                    data__dispatchingOnClusters_keys.remove("clusterNames")
                    data__dispatchingOnClusters__clusterNames = data__dispatchingOnClusters["clusterNames"]
                    validate___definitions_stringlist(data__dispatchingOnClusters__clusterNames, custom_formats, (name_prefix or "data") + ".dispatchingOnClusters.clusterNames")
                if data__dispatchingOnClusters_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".dispatchingOnClusters must not contain "+str(data__dispatchingOnClusters_keys)+" properties")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_failoverbehavior(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "application" in data_keys:
            data_keys.remove("application")
            data__application = data["application"]
            validate___definitions_applicationfailoverbehavior(data__application, custom_formats, (name_prefix or "data") + ".application")
        if "cluster" in data_keys:
            data_keys.remove("cluster")
            data__cluster = data["cluster"]
            validate___definitions_clusterfailoverbehavior(data__cluster, custom_formats, (name_prefix or "data") + ".cluster")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_clusterfailoverbehavior(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "purgeMode" in data_keys:
            data_keys.remove("purgeMode")
            data__purgeMode = data["purgeMode"]
            if not isinstance(data__purgeMode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".purgeMode must be string")
            if not (isinstance(data__purgeMode, str) and data__purgeMode == 'Directly' or isinstance(data__purgeMode, str) and data__purgeMode == 'Gracefully'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".purgeMode must be one of ['Directly', 'Gracefully']")
        if "statePreservation" in data_keys:
            data_keys.remove("statePreservation")
            data__statePreservation = data["statePreservation"]
            validate___definitions_statepreservation(data__statePreservation, custom_formats, (name_prefix or "data") + ".statePreservation")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_statepreservation(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['rules']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "rules" in data_keys:
            data_keys.remove("rules")
            data__rules = data["rules"]
            if not isinstance(data__rules, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules must be array")
            data__rules_is_list = isinstance(data__rules, (list, tuple))
            if data__rules_is_list:
                data__rules_len = len(data__rules)
                for data__rules_x, data__rules_item in enumerate(data__rules):
                    validate___definitions_statepreservationrule(data__rules_item, custom_formats, (name_prefix or "data") + ".rules[{data__rules_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_statepreservationrule(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['aliasLabelName', 'jsonPath']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "aliasLabelName" in data_keys:
            data_keys.remove("aliasLabelName")
            data__aliasLabelName = data["aliasLabelName"]
            validate___definitions_qualifiedname(data__aliasLabelName, custom_formats, (name_prefix or "data") + ".aliasLabelName")
        if "jsonPath" in data_keys:
            data_keys.remove("jsonPath")
            data__jsonPath = data["jsonPath"]
            if not isinstance(data__jsonPath, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".jsonPath must be string")
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

def validate___definitions_applicationfailoverbehavior(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['decisionConditions']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "decisionConditions" in data_keys:
            data_keys.remove("decisionConditions")
            data__decisionConditions = data["decisionConditions"]
            validate___definitions_decisionconditions(data__decisionConditions, custom_formats, (name_prefix or "data") + ".decisionConditions")
        if "purgeMode" in data_keys:
            data_keys.remove("purgeMode")
            data__purgeMode = data["purgeMode"]
            if not isinstance(data__purgeMode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".purgeMode must be string")
            if not (isinstance(data__purgeMode, str) and data__purgeMode == 'Directly' or isinstance(data__purgeMode, str) and data__purgeMode == 'Gracefully' or isinstance(data__purgeMode, str) and data__purgeMode == 'Never'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".purgeMode must be one of ['Directly', 'Gracefully', 'Never']")
        if "gracePeriodSeconds" in data_keys:
            data_keys.remove("gracePeriodSeconds")
            data__gracePeriodSeconds = data["gracePeriodSeconds"]
            validate___definitions_int32(data__gracePeriodSeconds, custom_formats, (name_prefix or "data") + ".gracePeriodSeconds")
            if isinstance(data__gracePeriodSeconds, (int, float, Decimal)) and not isinstance(data__gracePeriodSeconds, bool):
                if data__gracePeriodSeconds < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".gracePeriodSeconds must be bigger than or equal to 1")
        if "statePreservation" in data_keys:
            data_keys.remove("statePreservation")
            data__statePreservation = data["statePreservation"]
            validate___definitions_statepreservation(data__statePreservation, custom_formats, (name_prefix or "data") + ".statePreservation")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate___definitions_decisionconditions(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "tolerationSeconds" in data_keys:
            data_keys.remove("tolerationSeconds")
            data__tolerationSeconds = data["tolerationSeconds"]
            validate___definitions_int32(data__tolerationSeconds, custom_formats, (name_prefix or "data") + ".tolerationSeconds")
            if isinstance(data__tolerationSeconds, (int, float, Decimal)) and not isinstance(data__tolerationSeconds, bool):
                if data__tolerationSeconds < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".tolerationSeconds must be bigger than or equal to 0")
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

def validate___definitions_int32(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (int)) or isinstance(data, bool):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be integer")
    if isinstance(data, (int, float, Decimal)) and not isinstance(data, bool):
        if data < -2147483648:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be bigger than or equal to -2147483648")
        if data > 2147483647:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be smaller than or equal to 2147483647")
    return data

def validate___definitions_placement(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "clusterAffinity" in data_keys:
            data_keys.remove("clusterAffinity")
            data__clusterAffinity = data["clusterAffinity"]
            validate___definitions_clusteraffinity(data__clusterAffinity, custom_formats, (name_prefix or "data") + ".clusterAffinity")
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

def validate___definitions_labelvalue(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")
    return data
