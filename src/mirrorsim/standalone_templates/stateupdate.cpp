{# USES_VARIABLES { N } #}
{# ALLOWS_SCALAR_WRITE #}
{% extends 'common_group.cpp' %}
{# Brian2's stateupdate.cpp with the refractoriness flag stored in a loop of its own
   (mirrorsim.vector_state_update): without that store the compiler vectorises the update. #}
{% block maincode %}
    //// MAIN CODE ////////////
    // scalar code
    const size_t _vectorisation_idx = -1;
    {{scalar_code|autoindent}}

    const int _N = {{constant_or_scalar('N', variables['N'])}};
    {% set parts = split_refractory(vector_code) %}
    {{openmp_pragma('parallel-static')}}
    for(int _idx=0; _idx<_N; _idx++)
    {
        // vector code
        const size_t _vectorisation_idx = _idx;
        {{parts[0]|autoindent}}
    }
    {% if parts[1] %}
    // the refractoriness flag, read by the thresholder
    for(int _idx=0; _idx<_N; _idx++)
    {
        {{parts[1]|autoindent}}
    }
    {% endif %}
{% endblock %}
