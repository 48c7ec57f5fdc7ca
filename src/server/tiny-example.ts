// The tiny bundled school (examples/tiny.json) as the OpenAPI example of an instance body: valid, solves in about a second.
const TINY: unknown = {
  "format": "kehou.instance/1",
  "school": {
    "name": "青苗小学",
    "stage": "primary",
    "lessonMinutes": 40
  },
  "policy": {
    "maxGroupSize": 45,
    "standaloneRatio": 0.5,
    "feePerPeriod": 2.3,
    "groupRoomKinds": [
      "classroom"
    ]
  },
  "calendar": {
    "start": "2026-09-01",
    "end": "2027-01-22",
    "serviceWeekdays": [
      "mon",
      "tue",
      "wed",
      "thu",
      "fri"
    ],
    "holidays": [
      {
        "from": "2026-10-01",
        "to": "2026-10-07",
        "name": "国庆节"
      }
    ],
    "workdays": [
      {
        "date": "2026-09-27",
        "as": "wed"
      }
    ],
    "seasons": [
      {
        "from": "05-01",
        "to": "09-30",
        "latestEnd": "18:30"
      },
      {
        "from": "10-01",
        "to": "04-30",
        "latestEnd": "18:00"
      }
    ]
  },
  "timelines": [
    {
      "id": "g12",
      "grades": [
        1,
        2
      ],
      "blocks": [
        {
          "kind": "study",
          "start": "15:30",
          "end": "16:10"
        },
        {
          "kind": "club",
          "start": "16:10",
          "end": "17:10"
        },
        {
          "kind": "reading",
          "start": "17:10",
          "end": "17:30"
        }
      ]
    },
    {
      "id": "g3",
      "grades": [
        3
      ],
      "blocks": [
        {
          "kind": "study",
          "start": "15:55",
          "end": "16:35"
        },
        {
          "kind": "club",
          "start": "16:35",
          "end": "17:35"
        }
      ]
    }
  ],
  "rooms": [
    {
      "id": "101",
      "kind": "classroom",
      "capacity": 50
    },
    {
      "id": "201",
      "kind": "classroom",
      "capacity": 50
    },
    {
      "id": "301",
      "kind": "classroom",
      "capacity": 50
    },
    {
      "id": "music-1",
      "kind": "music",
      "capacity": 60,
      "name": "音乐教室"
    }
  ],
  "classes": [
    {
      "id": "1-1",
      "grade": 1,
      "size": 3,
      "room": "101",
      "homeroom": "t1"
    },
    {
      "id": "2-1",
      "grade": 2,
      "size": 2,
      "room": "201"
    },
    {
      "id": "3-1",
      "grade": 3,
      "size": 2,
      "room": "301"
    }
  ],
  "staff": [
    {
      "id": "t1",
      "name": "王芳",
      "roles": [
        "teacher"
      ],
      "grades": [
        1
      ],
      "skills": [
        "choir"
      ],
      "unavailable": [
        "thu"
      ],
      "maxPeriodsPerWeek": 8
    },
    {
      "id": "l1",
      "name": "许华章",
      "roles": [
        "leader",
        "teacher"
      ],
      "inspectionDays": [
        "mon"
      ]
    },
    {
      "id": "x1",
      "name": "李师傅",
      "roles": [
        "volunteer"
      ],
      "vetted": true,
      "skills": [
        "paper-cutting"
      ]
    },
    {
      "id": "t9",
      "name": "赵强",
      "roles": [
        "teacher"
      ],
      "exempt": true
    },
    {
      "id": "t2",
      "name": "陈静",
      "roles": [
        "teacher"
      ],
      "grades": [
        2
      ]
    },
    {
      "id": "t3",
      "name": "刘洋",
      "roles": [
        "teacher"
      ],
      "grades": [
        3
      ]
    },
    {
      "id": "t4",
      "name": "周敏",
      "roles": [
        "teacher"
      ],
      "grades": [
        1,
        2,
        3
      ]
    }
  ],
  "clubs": [
    {
      "id": "choir",
      "name": "合唱",
      "level": "school",
      "grades": [
        1,
        2
      ],
      "min": 1,
      "max": 30,
      "days": [
        "tue"
      ],
      "roomKinds": [
        "music"
      ],
      "skill": "choir"
    },
    {
      "id": "paper",
      "name": "剪纸",
      "level": "school",
      "grades": [
        3
      ],
      "min": 1,
      "max": 20,
      "sessionsPerWeek": 1,
      "skill": "paper-cutting"
    },
    {
      "id": "chess",
      "name": "棋类",
      "level": "class",
      "grades": [
        1,
        2,
        3
      ]
    }
  ],
  "students": [
    {
      "id": "s1",
      "class": "1-1",
      "days": [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri"
      ],
      "priority": [
        "left-behind"
      ],
      "prefs": [
        "choir",
        "chess"
      ],
      "name": "小明"
    },
    {
      "id": "s2",
      "class": "1-1",
      "days": [
        "mon",
        "tue"
      ],
      "prefs": [
        "choir"
      ]
    },
    {
      "id": "s3",
      "class": "1-1",
      "days": [
        "wed"
      ]
    },
    {
      "id": "s4",
      "class": "2-1",
      "days": [
        "tue",
        "thu"
      ],
      "prefs": [
        "choir"
      ],
      "feeExempt": true
    },
    {
      "id": "s5",
      "class": "2-1",
      "days": [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri"
      ]
    },
    {
      "id": "s6",
      "class": "3-1",
      "days": [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri"
      ],
      "prefs": [
        "paper"
      ]
    },
    {
      "id": "s7",
      "class": "3-1",
      "days": [
        "fri"
      ],
      "priority": [
        "low-income"
      ]
    }
  ],
  "leave": [
    {
      "staff": "t1",
      "from": "2026-10-12",
      "to": "2026-10-16",
      "id": "lv1",
      "reason": "病假"
    }
  ]
};
export default TINY;
